using AkkaPay.Domain.Accounts;

namespace AkkaPay.Domain.Payments.Process;

/// <summary>
/// What a payment asks of another entity and waits for: sent again until answered, so every step is safe to repeat
/// (an account books a leg once, a payment reserves a refund once).
/// </summary>
public abstract record ProcessStep
{
    private ProcessStep() { }

    /// <summary>Whether the payee exists, and its type and currency, before any money moves.</summary>
    public sealed record CheckPayee(AccountId Payee) : ProcessStep;

    public sealed record Book(PaymentLeg Leg) : ProcessStep;

    /// <summary>A refund asks the merchant payment it refunds to set its amount aside.</summary>
    public sealed record ReserveRefund(PaymentId Original, string RefundId, long Amount) : ProcessStep;

    /// <summary>A refund that failed gives its reservation back.</summary>
    public sealed record ReleaseRefund(PaymentId Original, string RefundId) : ProcessStep;
}
