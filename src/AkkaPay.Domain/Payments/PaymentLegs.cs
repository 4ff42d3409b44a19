using System.Collections.Immutable;
using AkkaPay.Domain.Accounts;

namespace AkkaPay.Domain.Payments;

/// <summary>
/// The postings a payment books, in order: the payer's debit first (the only leg that may be refused for
/// lack of funds), then the payee's credit, then the fee. Their signed sum is always zero.
/// </summary>
public static class PaymentLegs
{
    public const string Debit = "debit";
    public const string Credit = "credit";
    public const string FeeCredit = "fee";
    public const string DebitReversal = "debit-reversal";

    public static ImmutableArray<Posting> Plan(PaymentId id, PaymentOrder order, long fee, string traceId)
    {
        if (order.Amount <= 0) throw new ArgumentOutOfRangeException(nameof(order), order.Amount, "amount must be positive");
        if (fee < 0 || fee > order.Amount) throw new ArgumentOutOfRangeException(nameof(fee), fee, "fee must be within the amount");

        var legs = ImmutableArray.CreateBuilder<Posting>(3);
        legs.Add(Leg(id, Debit, order.Payer, -order.Amount, order, traceId));
        legs.Add(Leg(id, Credit, order.Payee, order.Amount - fee, order, traceId));
        if (fee > 0) legs.Add(Leg(id, FeeCredit, InternalAccounts.FeeIncome(order.Currency, order.Payee.Bucket), fee, order, traceId));
        return legs.ToImmutable();
    }

    /// <summary>Gives the debit back when the credit was refused after the debit was booked.</summary>
    public static Posting Reversal(PaymentId id, PaymentOrder order, string traceId) =>
        Leg(id, DebitReversal, order.Payer, order.Amount, order, traceId);

    private static Posting Leg(PaymentId id, string leg, AccountId account, long amount, PaymentOrder order, string traceId) =>
        new($"{id}/{leg}", id.Value, account, amount, order.Currency, traceId);
}
