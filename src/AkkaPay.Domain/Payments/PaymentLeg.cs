using AkkaPay.Domain.Accounts;

namespace AkkaPay.Domain.Payments;

/// <summary>One leg of a payment's plan: what it does, and the posting an account books for it.</summary>
public sealed record PaymentLeg(LegKind Kind, Posting Posting)
{
    /// <summary>
    /// True for a leg booked at the same time as the leg before it, not after its answer: the fee, with the credit.
    /// The fee income account is internal and refuses nothing, so when the credit is refused the fee is booked
    /// (its answer awaited) and the compensation gives it back.
    /// </summary>
    public bool BookedWithPrevious => Kind == LegKind.Fee;
}
