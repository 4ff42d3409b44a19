using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Money;
using AkkaPay.Domain.Payments;

namespace AkkaPay.Domain.Tests;

public class PaymentLegsTests
{
    private static readonly AccountId A = AccountId.Parse("2088000000000137");
    private static readonly AccountId B = AccountId.Parse("2088000000000242");

    public static TheoryData<PaymentOrder, long> Orders => new()
    {
        { PaymentOrder.TopUp(A, 100, Currency.Cny, "bank"), 0 },
        { PaymentOrder.Withdrawal(A, 100, Currency.Cny, null), 0 },
        { PaymentOrder.Transfer(A, B, 100, Currency.Cny), 0 },
        { PaymentOrder.MerchantPayment(A, B, 10_000, Currency.Cny, null), 60 },
        { PaymentOrder.Refund(PaymentId.For(A, "p"), B, A, 100, Currency.Cny), 0 },
    };

    [Theory]
    [MemberData(nameof(Orders))]
    public void Every_flow_balances_to_zero_with_the_debit_first_within_a_cell_and_across_cells(PaymentOrder order, long fee)
    {
        foreach (var viaTransit in new[] { false, true })
        {
            var legs = PaymentLegs.Plan(PaymentId.For(order.Scope, "r"), order, fee, "trace", DateTimeOffset.UnixEpoch, viaTransit);
            Assert.Equal(0, legs.Sum(leg => leg.Posting.Amount));
            Assert.Equal(LegKind.Debit, legs[0].Kind);
            Assert.Equal(-order.Amount, legs[0].Posting.Amount);
            Assert.Equal(order.Payer, legs[0].Posting.Account);
            Assert.Equal(legs.Length, legs.Select(leg => leg.Posting.PostingId).Distinct().Count());
        }
    }

    [Fact]
    public void Across_cells_the_money_waits_in_the_in_transit_account_of_the_payers_bucket_and_leaves_it_after_the_credit()
    {
        var order = PaymentOrder.Transfer(A, B, 100, Currency.Cny);
        var legs = PaymentLegs.Plan(PaymentId.For(A, "r"), order, 0, "trace", DateTimeOffset.UnixEpoch, viaTransit: true);
        var transit = InternalAccounts.InTransit(Currency.Cny, A.Bucket);
        Assert.Equal([(A, -100L), (transit, 100L), (B, 100L), (transit, -100L)], legs.Select(l => (l.Posting.Account, l.Posting.Amount)));
        Assert.Equal([LegKind.Debit, LegKind.IntoTransit, LegKind.Credit, LegKind.OutOfTransit], legs.Select(l => l.Kind));
    }

    [Fact]
    public void Compensation_undoes_exactly_what_was_booked_when_the_credit_was_refused()
    {
        var id = PaymentId.For(A, "r");
        foreach (var (order, fee) in new[] { (PaymentOrder.Transfer(A, B, 100, Currency.Cny), 0L), (PaymentOrder.MerchantPayment(A, B, 100, Currency.Cny, null), 3L) })
            foreach (var viaTransit in new[] { false, true })
            {
                var plan = PaymentLegs.Plan(id, order, fee, "trace", DateTimeOffset.UnixEpoch, viaTransit);
                var credit = plan.IndexOf(plan.Single(l => l.Kind == LegKind.Credit));
                var booked = plan.Take(credit).Concat(plan.Skip(credit + 1).TakeWhile(l => l.BookedWithPrevious)).Select(l => l.Posting).ToList();
                var undone = PaymentLegs.Compensation(id, order, fee, "trace", DateTimeOffset.UnixEpoch, viaTransit).Select(l => l.Posting).ToList();
                Assert.Equal(0, booked.Concat(undone).Sum(l => l.Amount));
                Assert.Equal(0, booked.Concat(undone).GroupBy(l => l.Account).Sum(g => Math.Abs(g.Sum(l => l.Amount))));
            }
    }

    [Fact]
    public void Posting_ids_end_with_the_names_that_journals_hold()
    {
        var id = PaymentId.For(A, "r");
        var order = PaymentOrder.MerchantPayment(A, B, 10_000, Currency.Cny, null);
        var legs = PaymentLegs.Plan(id, order, 60, "trace", DateTimeOffset.UnixEpoch, viaTransit: true)
            .Concat(PaymentLegs.Compensation(id, order, 60, "trace", DateTimeOffset.UnixEpoch, viaTransit: true));
        Assert.Equal(
            ["debit", "in-transit", "credit", "fee", "in-transit-settle", "fee-reversal", "in-transit-reversal", "debit-reversal"],
            legs.Select(leg => leg.Posting.PostingId[$"{id}/".Length..]));
    }

    [Fact]
    public void Only_the_fee_is_booked_with_the_leg_before_it()
    {
        var order = PaymentOrder.MerchantPayment(A, B, 10_000, Currency.Cny, null);
        foreach (var viaTransit in new[] { false, true })
        {
            var plan = PaymentLegs.Plan(PaymentId.For(A, "r"), order, 60, "trace", DateTimeOffset.UnixEpoch, viaTransit);
            var withPrevious = plan.Select((leg, i) => (leg, i)).Where(l => l.leg.BookedWithPrevious).ToList();
            var (fee, at) = Assert.Single(withPrevious);
            Assert.Equal(LegKind.Fee, fee.Kind);
            Assert.Equal(LegKind.Credit, plan[at - 1].Kind);
        }
    }

    [Fact]
    public void Merchant_fee_goes_to_the_fee_income_account_of_the_merchants_bucket()
    {
        var order = PaymentOrder.MerchantPayment(A, B, 10_000, Currency.Cny, null);
        var fee = PaymentLegs.Plan(PaymentId.For(A, "r"), order, 60, "trace", DateTimeOffset.UnixEpoch, viaTransit: false)[2].Posting;
        Assert.Equal(InternalAccounts.FeeIncome(Currency.Cny, B.Bucket), fee.Account);
        Assert.Equal(60, fee.Amount);
    }

    [Fact]
    public void Top_up_scope_is_the_account_topped_up_withdrawal_scope_is_the_account_paying_out()
    {
        Assert.Equal(A, PaymentOrder.TopUp(A, 1, Currency.Cny, null).Scope);
        Assert.Equal(A, PaymentOrder.Withdrawal(A, 1, Currency.Cny, null).Scope);
        Assert.Equal(B, PaymentOrder.Refund(PaymentId.For(A, "p"), B, A, 1, Currency.Cny).Scope);
    }
}
