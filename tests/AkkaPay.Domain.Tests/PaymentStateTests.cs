using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Money;
using AkkaPay.Domain.Payments;

namespace AkkaPay.Domain.Tests;

public class PaymentStateTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);
    private static readonly AccountId Payer = AccountId.Parse("2088000000000137");
    private static readonly AccountId Merchant = AccountId.Parse("2088000000000242");
    private static readonly PaymentOrder Order = PaymentOrder.MerchantPayment(Payer, Merchant, 1000, Currency.Cny, "o-1");

    private static PaymentState Paid() => new PaymentState { PaymentId = "2088000000000137-p" }
        .Apply(new PaymentInitiated("2088000000000137-p", Order, 6, "trace", At))
        .Apply(new PaymentSucceeded(At));

    [Fact]
    public void A_new_payment_begins_an_equal_order_replays_another_order_is_key_reuse()
    {
        Assert.Equal(StartDecision.Begin, new PaymentState { PaymentId = "x" }.DecideStart(Order));
        Assert.Equal(StartDecision.Replay, Paid().DecideStart(Order with { }));
        Assert.Equal(StartDecision.KeyReused, Paid().DecideStart(Order with { Amount = 1001 }));
    }

    [Fact]
    public void Refunds_may_add_up_to_the_paid_amount_and_no_more()
    {
        var state = Paid().Apply(Paid().DecideReserveRefund("r1", 600, At).Event!);
        state = state.Apply(state.DecideReserveRefund("r2", 400, At).Event!);
        var refused = state.DecideReserveRefund("r3", 1, At);
        Assert.Equal(RejectionCodes.RefundExceedsPayment, refused.Rejection!.Code);
        Assert.Equal(1000, state.RefundedAmount);
    }

    [Fact]
    public void The_same_refund_reserving_again_is_accepted_without_a_new_event()
    {
        var state = Paid().Apply(Paid().DecideReserveRefund("r1", 600, At).Event!);
        var again = state.DecideReserveRefund("r1", 600, At);
        Assert.Null(again.Event);
        Assert.Null(again.Rejection);
        Assert.Equal(RejectionCodes.IdempotencyKeyReused, state.DecideReserveRefund("r1", 700, At).Rejection!.Code);
    }

    [Fact]
    public void A_released_refund_gives_its_amount_back()
    {
        var state = Paid().Apply(Paid().DecideReserveRefund("r1", 1000, At).Event!);
        state = state.Apply(state.DecideReleaseRefund("r1", At)!);
        Assert.Equal(0, state.RefundedAmount);
        Assert.Null(state.DecideReleaseRefund("r1", At));
    }

    [Fact]
    public void Only_succeeded_merchant_payments_can_be_refunded()
    {
        var transfer = new PaymentState { PaymentId = "t" }
            .Apply(new PaymentInitiated("t", PaymentOrder.Transfer(Payer, Merchant, 5, Currency.Cny), 0, "trace", At))
            .Apply(new PaymentSucceeded(At));
        Assert.Equal(RejectionCodes.PaymentNotRefundable, transfer.DecideReserveRefund("r", 1, At).Rejection!.Code);
        Assert.Equal(RejectionCodes.PaymentNotFound, new PaymentState { PaymentId = "n" }.DecideReserveRefund("r", 1, At).Rejection!.Code);
    }

    [Fact]
    public void History_records_every_step()
    {
        var steps = Paid().History.Select(step => step.Step);
        Assert.Equal(["initiated", "succeeded"], steps);
    }
}
