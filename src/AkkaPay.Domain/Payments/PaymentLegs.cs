using System.Collections.Immutable;
using AkkaPay.Domain.Accounts;

namespace AkkaPay.Domain.Payments;

/// <summary>
/// The postings a payment books, in order. The payer's debit comes first (the only leg that may be refused
/// for lack of funds), then the payee's credit (which may be refused by the payee's cell) together with the fee.
/// A payment whose payee lives in another cell moves the money through the in-transit account of the
/// payer's bucket: debit, into transit, credit and fee over there, out of transit. Every plan sums to zero.
/// </summary>
public static class PaymentLegs
{
    public const string Debit = "debit";
    public const string IntoTransit = "in-transit";
    public const string Credit = "credit";
    public const string FeeCredit = "fee";
    public const string OutOfTransit = "in-transit-settle";
    public const string IntoTransitReversal = "in-transit-reversal";
    public const string DebitReversal = "debit-reversal";
    public const string FeeReversal = "fee-reversal";

    /// <summary>
    /// True for a leg booked at the same time as the leg before it, not after its answer: the fee, with the credit.
    /// The fee income account is internal and refuses nothing, so when the credit is refused the fee is booked
    /// (its answer awaited) and the compensation gives it back.
    /// </summary>
    public static bool BookedWithPrevious(Posting leg) => Is(leg, FeeCredit);

    /// <summary>The fee a plan has booked by the time its refused credit is acted on: all of it, as it goes with the credit.</summary>
    public static long FeeBookedWithCredit(ImmutableArray<Posting> plan) => plan.FirstOrDefault(leg => Is(leg, FeeCredit))?.Amount ?? 0;

    public static ImmutableArray<Posting> Plan(PaymentId id, PaymentOrder order, long fee, string traceId, DateTimeOffset issuedAt, bool viaTransit)
    {
        if (order.Amount <= 0) throw new ArgumentOutOfRangeException(nameof(order), order.Amount, "amount must be positive");
        if (fee < 0 || fee > order.Amount) throw new ArgumentOutOfRangeException(nameof(fee), fee, "fee must be within the amount");

        var transit = InternalAccounts.InTransit(order.Currency, order.Payer.Bucket);
        var legs = ImmutableArray.CreateBuilder<Posting>(5);
        legs.Add(Leg(id, Debit, order.Payer, -order.Amount, order, traceId, issuedAt));
        if (viaTransit) legs.Add(Leg(id, IntoTransit, transit, order.Amount, order, traceId, issuedAt));
        legs.Add(Leg(id, Credit, order.Payee, order.Amount - fee, order, traceId, issuedAt) with
        {
            RequiredType = order.Kind == PaymentKind.MerchantPayment ? AccountType.Merchant : null,
        });
        if (fee > 0) legs.Add(Leg(id, FeeCredit, InternalAccounts.FeeIncome(order.Currency, order.Payee.Bucket), fee, order, traceId, issuedAt));
        if (viaTransit) legs.Add(Leg(id, OutOfTransit, transit, -order.Amount, order, traceId, issuedAt));
        return legs.ToImmutable();
    }

    /// <summary>Undoes what a plan booked when its credit was refused: the fee booked with it, if any, and the money goes back to the payer.</summary>
    public static ImmutableArray<Posting> Compensation(PaymentId id, PaymentOrder order, long feeBooked, string traceId, DateTimeOffset issuedAt, bool viaTransit)
    {
        var legs = ImmutableArray.CreateBuilder<Posting>(3);
        if (feeBooked > 0) legs.Add(Leg(id, FeeReversal, InternalAccounts.FeeIncome(order.Currency, order.Payee.Bucket), -feeBooked, order, traceId, issuedAt));
        if (viaTransit) legs.Add(Leg(id, IntoTransitReversal, InternalAccounts.InTransit(order.Currency, order.Payer.Bucket), -order.Amount, order, traceId, issuedAt));
        legs.Add(Leg(id, DebitReversal, order.Payer, order.Amount, order, traceId, issuedAt));
        return legs.ToImmutable();
    }

    public static bool Is(Posting posting, string leg) => posting.PostingId.EndsWith($"/{leg}", StringComparison.Ordinal);

    private static Posting Leg(PaymentId id, string leg, AccountId account, long amount, PaymentOrder order, string traceId, DateTimeOffset issuedAt) =>
        new($"{id}/{leg}", id.Value, account, amount, order.Currency, traceId, issuedAt);
}
