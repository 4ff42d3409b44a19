using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Money;
using AkkaPay.Domain.Payments;
using AkkaPay.Domain.Payments.Process;
using static AkkaPay.Domain.Payments.Process.ProcessStep;

namespace AkkaPay.Domain.Tests;

public class PaymentProcessTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);
    private static readonly AccountId Payer = AccountId.Parse("2088000000000137");
    private static readonly AccountId Shop = AccountId.Parse("2088000000000399");
    private static readonly PaymentId Id = PaymentId.For(Payer, "p1");
    private static readonly PaymentOrder Purchase = PaymentOrder.MerchantPayment(Payer, Shop, 10_000, Currency.Cny, "o-1");
    private static readonly AccountProfile OpenShop = new(Shop, IsOpen: true, AccountType.Merchant, Currency.Cny);

    private static PaymentProcess New() => PaymentProcess.New(Id, new FeeRate(60));

    /// <summary>Carries out the reaction's journal write, as the actor does, and returns what follows it.</summary>
    private static Reaction Persisted(Reaction reaction) => reaction.Next.Persisted(reaction.Persist!);

    private static string Leg(Reaction reaction) => ((Book)Assert.Single(reaction.Send)).Leg.Posting.PostingId;

    /// <summary>A payment past its payee check, its intent written, its debit sent.</summary>
    private static Reaction Debiting(PaymentOrder order, bool crossesCells = false)
    {
        var started = New().Start(order, "trace", crossesCells);
        var payee = new AccountProfile(order.Payee, true, order.PayeeType ?? AccountType.Personal, order.Currency);
        return Persisted(started.Next.PayeeSeen(payee, At));
    }

    [Fact]
    public void A_merchant_payment_checks_its_payee_writes_its_intent_with_the_fee_books_debit_then_credit_with_fee_and_answers_before_its_outcome()
    {
        var started = New().Start(Purchase, "trace", crossesCells: false);
        Assert.True(started.SenderWaits);
        Assert.Equal(new CheckPayee(Shop), Assert.Single(started.Send));
        Assert.Null(started.Alarm);   // a payee in the same cell always answers

        var initiating = started.Next.PayeeSeen(OpenShop, At);
        var initiated = Assert.IsType<PaymentInitiated>(initiating.Persist);
        Assert.Equal(60, initiated.Fee);
        Assert.Empty(initiating.Send);

        var debiting = Persisted(initiating);
        Assert.Equal($"{Id}/debit", Leg(debiting));

        var crediting = debiting.Next.LegBooked($"{Id}/debit", At);
        Assert.Equal([LegKind.Credit, LegKind.Fee], crediting.Send.Cast<Book>().Select(book => book.Leg.Kind));

        var feeStillOut = crediting.Next.LegBooked($"{Id}/credit", At);
        Assert.Null(feeStillOut.Answer);
        Assert.Empty(feeStillOut.Send);

        var booked = feeStillOut.Next.LegBooked($"{Id}/fee", At);
        Assert.Equal(new PaymentAnswer(PaymentStatus.Succeeded, 60, null), booked.Answer);
        Assert.IsType<PaymentSucceeded>(booked.Persist);
        Assert.False(booked.Next.IsFinished);   // answered one commit before its outcome is written (ADR 9)
        Assert.True(Persisted(booked).Next.IsFinished);
    }

    [Fact]
    public void Only_merchant_payments_carry_a_fee()
    {
        var transfer = PaymentOrder.Transfer(Payer, Shop, 10_000, Currency.Cny);
        var started = New().Start(transfer, "trace", crossesCells: false);
        var initiated = Assert.IsType<PaymentInitiated>(started.Next.PayeeSeen(OpenShop, At).Persist);
        Assert.Equal(0, initiated.Fee);
    }

    public static TheoryData<AccountProfile> RefusingPayees => new()
    {
        new AccountProfile(Shop, IsOpen: false, AccountType.Personal, Currency.Cny),
        new AccountProfile(Shop, IsOpen: true, AccountType.Personal, Currency.Cny),
        new AccountProfile(Shop, IsOpen: true, AccountType.Merchant, Currency.Parse("USD")),
        new AccountProfile(Shop, IsOpen: true, AccountType.Personal, Currency.Parse("USD")),
    };

    [Theory]
    [MemberData(nameof(RefusingPayees))]
    public void A_payee_that_would_refuse_the_credit_rejects_the_payment_with_the_accounts_own_code_before_money_moves(AccountProfile payee)
    {
        var started = New().Start(Purchase, "trace", crossesCells: false);
        var rejecting = started.Next.PayeeSeen(payee, At);
        var rejected = Assert.IsType<PaymentRejected>(rejecting.Persist);
        Assert.Empty(rejecting.Send);

        var account = new AccountState { Id = Shop, IsOpen = payee.IsOpen, Type = payee.Type, Currency = payee.Currency };
        var credit = PaymentLegs.Plan(Id, Purchase, 60, "trace", At, viaTransit: false).Single(leg => leg.Kind == LegKind.Credit).Posting;
        var refusal = Assert.IsType<PostOutcome.Refused>(account.DecidePost(credit, At));
        Assert.Equal(refusal.Why.Code, rejected.Code);

        var answer = Persisted(rejecting).Answer!;
        Assert.Equal(PaymentStatus.Failed, answer.Status);
        Assert.Equal(rejected.Code, answer.Failure!.Code);
    }

    [Fact]
    public void A_refused_debit_fails_the_payment_and_books_nothing_more()
    {
        var debiting = Debiting(Purchase);
        var failing = debiting.Next.LegRefused($"{Id}/debit", new Rejection(RejectionCodes.InsufficientFunds, "no money"), At);
        Assert.Empty(failing.Send);
        Assert.Equal(RejectionCodes.InsufficientFunds, Assert.IsType<PaymentFailed>(failing.Persist).Code);
        Assert.Equal(PaymentStatus.Failed, Persisted(failing).Answer!.Status);
    }

    [Fact]
    public void A_refused_credit_waits_for_the_fee_sent_with_it_then_compensates_the_fee_and_the_debit_and_fails()
    {
        var crediting = Debiting(Purchase).Next.LegBooked($"{Id}/debit", At);
        var refused = crediting.Next.LegRefused($"{Id}/credit", new Rejection(RejectionCodes.NotAMerchant, "closed"), At);
        Assert.Null(refused.Persist);   // the fee is still on its way

        var compensating = refused.Next.LegBooked($"{Id}/fee", At);
        var written = Assert.IsType<PaymentCompensating>(compensating.Persist);
        Assert.True(written.FeeBooked);

        var undoFee = Persisted(compensating);
        Assert.Equal($"{Id}/fee-reversal", Leg(undoFee));
        var undoDebit = undoFee.Next.LegBooked($"{Id}/fee-reversal", At);
        Assert.Equal($"{Id}/debit-reversal", Leg(undoDebit));
        var failing = undoDebit.Next.LegBooked($"{Id}/debit-reversal", At);
        Assert.Equal(RejectionCodes.NotAMerchant, Assert.IsType<PaymentFailed>(failing.Persist).Code);
    }

    [Fact]
    public void A_leg_that_only_a_retry_can_settle_refused_is_a_broken_invariant()
    {
        var crediting = Debiting(Purchase).Next.LegBooked($"{Id}/debit", At);
        Assert.Throws<InvalidOperationException>(() => crediting.Next.LegRefused($"{Id}/fee", new Rejection(RejectionCodes.LimitExceeded, "full"), At));
    }

    [Fact]
    public void Across_cells_the_callers_hear_in_transit_once_the_debit_is_in_transit_and_a_replay_hears_it_at_once()
    {
        var debiting = Debiting(Purchase, crossesCells: true);
        var intoTransit = debiting.Next.LegBooked($"{Id}/debit", At);
        Assert.Equal($"{Id}/in-transit", Leg(intoTransit));
        var inTransit = intoTransit.Next.LegBooked($"{Id}/in-transit", At);
        Assert.Equal(ProcessAlarm.AnswerInTransit, inTransit.Alarm);
        Assert.Equal(PaymentStatus.InTransit, inTransit.Next.InTransitAnswerDue().Answer!.Status);
        Assert.Equal(PaymentStatus.InTransit, inTransit.Next.Start(Purchase, "trace", crossesCells: true).Reply!.Status);
    }

    [Fact]
    public void A_silent_payee_cell_gets_a_bounded_wait_then_the_payment_goes_on_without_the_check()
    {
        var started = New().Start(Purchase, "trace", crossesCells: true);
        Assert.Equal(ProcessAlarm.PayeeCheckOverdue, started.Alarm);
        Assert.True(started.Next.AwaitsPayeeCheck);
        Assert.IsType<PaymentInitiated>(started.Next.PayeeCheckOverdue(At).Persist);

        var answeredInTime = started.Next.PayeeSeen(OpenShop, At);
        Assert.Null(answeredInTime.Next.PayeeCheckOverdue(At).Persist);   // an alarm after the answer changes nothing
    }

    [Fact]
    public void A_second_request_during_the_payee_check_waits_for_the_same_answer_or_is_refused_as_key_reuse()
    {
        var started = New().Start(Purchase, "trace", crossesCells: false).Next;
        Assert.True(started.Start(Purchase with { }, "trace", false).SenderWaits);
        var other = started.Start(Purchase with { Amount = 1 }, "trace", false);
        Assert.Equal(RejectionCodes.IdempotencyKeyReused, other.Reply!.Failure!.Code);
        Assert.Empty(other.Send);
    }

    [Fact]
    public void A_late_second_answer_to_a_step_changes_nothing()
    {
        var crediting = Debiting(Purchase).Next.LegBooked($"{Id}/debit", At);
        var again = crediting.Next.LegBooked($"{Id}/debit", At);
        Assert.Empty(again.Send);
        Assert.Null(again.Persist);
        Assert.Equal(crediting.Next, again.Next);
    }

    [Fact]
    public void A_refund_reserves_on_the_payment_it_refunds_and_gives_the_reservation_back_when_its_payee_refuses()
    {
        var refundId = PaymentId.For(Shop, "r1");
        var refund = PaymentOrder.Refund(Id, Shop, Payer, 500, Currency.Cny);
        var started = PaymentProcess.New(refundId, new FeeRate(60)).Start(refund, "trace", crossesCells: false);
        Assert.Equal(new ReserveRefund(Id, refundId.Value, 500), Assert.Single(started.Send));

        var checking = started.Next.RefundReservationAnswered(refundId.Value, null, At);
        Assert.Equal(new CheckPayee(Payer), Assert.Single(checking.Send));

        var closedPayer = new AccountProfile(Payer, IsOpen: false, AccountType.Personal, Currency.Cny);
        var releasing = checking.Next.PayeeSeen(closedPayer, At);
        Assert.Equal(new ReleaseRefund(Id, refundId.Value), Assert.Single(releasing.Send));
        Assert.Null(releasing.Persist);

        var rejected = releasing.Next.ReservationReleased(refundId.Value, At);
        Assert.Equal(RejectionCodes.AccountNotFound, Assert.IsType<PaymentRejected>(rejected.Persist).Code);
    }

    [Fact]
    public void A_refund_refused_by_the_payment_it_refunds_is_rejected_without_a_release()
    {
        var refundId = PaymentId.For(Shop, "r1");
        var refund = PaymentOrder.Refund(Id, Shop, Payer, 500, Currency.Cny);
        var started = PaymentProcess.New(refundId, new FeeRate(60)).Start(refund, "trace", crossesCells: false);
        var refused = started.Next.RefundReservationAnswered(refundId.Value, new Rejection(RejectionCodes.RefundExceedsPayment, "too much"), At);
        Assert.Empty(refused.Send);
        Assert.Equal(RejectionCodes.RefundExceedsPayment, Assert.IsType<PaymentRejected>(refused.Persist).Code);
    }

    [Fact]
    public void A_payment_recovered_pending_books_its_plan_again_from_the_debit_and_one_recovered_compensating_undoes()
    {
        var initiated = new PaymentInitiated(Id.Value, Purchase, 60, "trace", At);
        var pending = New().Apply(initiated);
        Assert.Equal($"{Id}/debit", Leg(pending.Resume(crossesCells: false)));

        var compensating = pending.Apply(new PaymentCompensating(RejectionCodes.NotAMerchant, "closed", At, FeeBooked: true));
        Assert.Equal($"{Id}/fee-reversal", Leg(compensating.Resume(crossesCells: false)));

        var finished = pending.Apply(new PaymentSucceeded(At));
        Assert.Empty(finished.Resume(crossesCells: false).Send);
    }
}
