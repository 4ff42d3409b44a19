using System.Collections.Immutable;
using AkkaPay.Domain.Accounts;

namespace AkkaPay.Domain.Payments;

/// <summary>
/// The legs a payment books, in order. The payer's debit comes first (the only leg that may be refused
/// for lack of funds), then the payee's credit (which may be refused by the payee's cell) together with the fee.
/// A payment whose payee lives in another cell moves the money through the in-transit account of the
/// payer's bucket: debit, into transit, credit and fee over there, out of transit. Every plan sums to zero.
/// </summary>
public static class PaymentLegs
{
    /// <summary>The fee a plan has booked by the time its refused credit is acted on: all of it, as it goes with the credit.</summary>
    public static long FeeBookedWithCredit(ImmutableArray<PaymentLeg> plan) => plan.FirstOrDefault(leg => leg.Kind == LegKind.Fee)?.Posting.Amount ?? 0;

    public static ImmutableArray<PaymentLeg> Plan(PaymentId id, PaymentOrder order, long fee, string traceId, DateTimeOffset issuedAt, bool viaTransit)
    {
        if (order.Amount <= 0) throw new ArgumentOutOfRangeException(nameof(order), order.Amount, "amount must be positive");
        if (fee < 0 || fee > order.Amount) throw new ArgumentOutOfRangeException(nameof(fee), fee, "fee must be within the amount");

        var transit = InternalAccounts.InTransit(order.Currency, order.Payer.Bucket);
        var legs = ImmutableArray.CreateBuilder<PaymentLeg>(5);
        legs.Add(Leg(id, LegKind.Debit, order.Payer, -order.Amount, order, traceId, issuedAt));
        if (viaTransit) legs.Add(Leg(id, LegKind.IntoTransit, transit, order.Amount, order, traceId, issuedAt));
        legs.Add(Leg(id, LegKind.Credit, order.Payee, order.Amount - fee, order, traceId, issuedAt, order.PayeeType));
        if (fee > 0) legs.Add(Leg(id, LegKind.Fee, InternalAccounts.FeeIncome(order.Currency, order.Payee.Bucket), fee, order, traceId, issuedAt));
        if (viaTransit) legs.Add(Leg(id, LegKind.OutOfTransit, transit, -order.Amount, order, traceId, issuedAt));
        return legs.ToImmutable();
    }

    /// <summary>Undoes what a plan booked when its credit was refused: the fee booked with it, if any, and the money goes back to the payer.</summary>
    public static ImmutableArray<PaymentLeg> Compensation(PaymentId id, PaymentOrder order, long feeBooked, string traceId, DateTimeOffset issuedAt, bool viaTransit)
    {
        var legs = ImmutableArray.CreateBuilder<PaymentLeg>(3);
        if (feeBooked > 0) legs.Add(Leg(id, LegKind.FeeReversal, InternalAccounts.FeeIncome(order.Currency, order.Payee.Bucket), -feeBooked, order, traceId, issuedAt));
        if (viaTransit) legs.Add(Leg(id, LegKind.IntoTransitReversal, InternalAccounts.InTransit(order.Currency, order.Payer.Bucket), -order.Amount, order, traceId, issuedAt));
        legs.Add(Leg(id, LegKind.DebitReversal, order.Payer, order.Amount, order, traceId, issuedAt));
        return legs.ToImmutable();
    }

    private static PaymentLeg Leg(
        PaymentId id, LegKind kind, AccountId account, long amount, PaymentOrder order, string traceId, DateTimeOffset issuedAt, AccountType? requiredType = null) =>
        new(kind, new Posting($"{id}/{kind.PostingName()}", id.Value, account, amount, order.Currency, traceId, issuedAt, requiredType));
}
