using AkkaPay.Cell.Accounts;
using AkkaPay.Cell.Payments;
using AkkaPay.Chaos.Checking;
using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Money;
using AkkaPay.Domain.Payments;
using static AkkaPay.Chaos.Tests.JournalBuilder;

namespace AkkaPay.Chaos.Tests;

/// <summary>The checker on histories and journals with one thing wrong each: every one must be reported, and a clean run must not be.</summary>
public class LedgerCheckerTests
{
    private const string TopUpId = Alice + "-t1";
    private const string TransferId = Alice + "-x1";

    /// <summary>Alice and Bob, a top-up of Alice and a transfer to Bob, both acknowledged: nothing wrong.</summary>
    private static JournalBuilder Clean() => new JournalBuilder().Open(Alice).Open(Bob)
        .TopUp(TopUpId, Alice, 1_000)
        .Transfer(TransferId, Alice, Bob, 300);

    private static readonly Attempt[] CleanHistory = [Answered(TopUpId), Answered(TransferId)];

    private static IReadOnlyList<Anomaly> Check(JournalBuilder journal, IEnumerable<Attempt>? history = null, Dictionary<string, long>? balances = null, RefusedWrite[]? refused = null) =>
        LedgerChecker.Check(new CheckInput([.. history ?? CleanHistory], journal.Streams, balances ?? new() { [Alice] = 700, [Bob] = 300 }, refused ?? []));

    private static void AssertFound(IReadOnlyList<Anomaly> anomalies, string kind, string subject) =>
        Assert.True(anomalies.Any(a => a.Kind == kind && a.Subject == subject), $"expected {kind} of {subject}; found: {string.Join("; ", anomalies)}");

    [Fact]
    public void A_clean_run_has_no_anomaly() => Assert.Empty(Check(Clean()));

    [Fact]
    public void An_acknowledged_payment_no_journal_holds_is_lost()
    {
        var anomalies = Check(Clean(), [.. CleanHistory, Answered(Bob + "-gone")]);
        var lost = Assert.Single(anomalies);
        Assert.Equal(AnomalyKinds.LostAcknowledged, lost.Kind);
        Assert.Equal([$"r-{Bob}-gone"], lost.RequestIds);
    }

    [Fact]
    public void An_acknowledged_payment_whose_credit_was_never_booked_is_lost()
    {
        var journal = new JournalBuilder().Open(Alice).Open(Bob).TopUp(TopUpId, Alice, 1_000)
            .Initiate(TransferId, PaymentOrder.Transfer(AccountId.Parse(Alice), AccountId.Parse(Bob), 300, Currency.Cny))
            .Post(Alice, TransferId, LegKind.Debit, -300).Succeed(TransferId);
        AssertFound(Check(journal, balances: []), AnomalyKinds.LostAcknowledged, TransferId);
    }

    [Fact]
    public void A_posting_booked_twice_is_a_double_application()
    {
        var anomalies = Check(Clean().Post(Bob, TransferId, LegKind.Credit, 300), balances: []);
        AssertFound(anomalies, AnomalyKinds.AppliedTwice, $"{TransferId}/credit");
        AssertFound(anomalies, AnomalyKinds.NotConserved, "ledger");
    }

    [Fact]
    public void An_entry_whose_balance_does_not_follow_from_the_one_before_breaks_the_sequence()
    {
        var journal = Clean().Post(Bob, Bob + "-x2", LegKind.Credit, 50, balanceAfter: 900).Post(Alice, Bob + "-x2", LegKind.Debit, -50);
        var anomalies = Check(journal, balances: []);
        var broken = Assert.Single(anomalies, a => a.Kind == AnomalyKinds.EntrySequenceBroken);
        Assert.Equal(Bob, broken.Subject);
        Assert.Contains("should be 350", broken.Detail);
    }

    [Fact]
    public void A_balance_the_cluster_reports_unlike_the_entries_is_found()
    {
        var anomalies = Check(Clean(), balances: new() { [Alice] = 700, [Bob] = 301 });
        Assert.Equal(AnomalyKinds.BalanceDiffers, Assert.Single(anomalies).Kind);
    }

    [Fact]
    public void A_writer_that_writes_again_after_another_took_over_is_a_second_writer()
    {
        var journal = Clean()
            .Post(Bob, Bob + "-w", LegKind.Credit, 1, writer: "w2").Post(Bob, Bob + "-w", LegKind.Debit, -1, writer: "w1");
        var second = Assert.Single(Check(journal), a => a.Kind == AnomalyKinds.SecondWriter);
        Assert.Equal($"c0/{AccountActor.PersistenceIdPrefix}{Bob}", second.Subject);
    }

    [Fact]
    public void A_write_a_journal_refused_to_a_second_writer_is_reported()
    {
        var anomalies = Check(Clean(), refused: [new RefusedWrite("c0-blue", AccountActor.PersistenceIdPrefix + Bob, 4, 12_500)]);
        Assert.Equal(AnomalyKinds.SecondWriterRefused, Assert.Single(anomalies).Kind);
    }

    [Fact]
    public void A_sequence_number_skipped_in_a_stream_is_a_gap()
    {
        var journal = Clean().AppendAt(AccountActor.PersistenceIdPrefix + Bob, 9, new AccountMadeHot(4, DateTimeOffset.UnixEpoch));
        Assert.Equal(AnomalyKinds.JournalGap, Assert.Single(Check(journal)).Kind);
    }

    [Fact]
    public void Money_left_in_transit_by_a_payment_that_never_finished_is_found()
    {
        const string cross = Alice + "-c1";
        var journal = Clean()
            .Initiate(cross, PaymentOrder.Transfer(AccountId.Parse(Alice), AccountId.Parse("2088000000000399"), 100, Currency.Cny))
            .Post(Alice, cross, LegKind.Debit, -100)
            .Post(Transit(Alice).Value, cross, LegKind.IntoTransit, 100);
        var anomalies = Check(journal, [.. CleanHistory, Answered(cross, status: 503, code: "cell_unavailable")], balances: []);
        AssertFound(anomalies, AnomalyKinds.StuckInTransit, "ledger");
        AssertFound(anomalies, AnomalyKinds.StuckPayment, cross);
    }

    [Fact]
    public void An_unanswered_payment_booked_in_part_is_found()
    {
        const string half = Alice + "-h1";
        var journal = Clean()
            .Initiate(half, PaymentOrder.Transfer(AccountId.Parse(Alice), AccountId.Parse(Bob), 100, Currency.Cny))
            .Post(Alice, half, LegKind.Debit, -100).Succeed(half);
        AssertFound(Check(journal, [.. CleanHistory, Answered(half, status: 0)], balances: []), AnomalyKinds.PartiallyApplied, half);
    }

    [Fact]
    public void A_payment_answered_succeeded_that_its_journal_says_failed_is_found()
    {
        const string failed = Alice + "-f1";
        var journal = Clean()
            .Initiate(failed, PaymentOrder.Transfer(AccountId.Parse(Alice), AccountId.Parse(Bob), 100, Currency.Cny))
            .Fail(failed, "insufficient_funds");
        AssertFound(Check(journal, [.. CleanHistory, Answered(failed)]), AnomalyKinds.AcknowledgedThenFailed, failed);
    }

    [Fact]
    public void A_payment_answered_succeeded_whose_outcome_was_never_written_is_stuck_not_failed()
    {
        const string unwritten = Alice + "-u1";
        var journal = Clean()
            .Initiate(unwritten, PaymentOrder.Transfer(AccountId.Parse(Alice), AccountId.Parse(Bob), 100, Currency.Cny))
            .Post(Alice, unwritten, LegKind.Debit, -100).Post(Bob, unwritten, LegKind.Credit, 100);
        var anomalies = Check(journal, [.. CleanHistory, Answered(unwritten)], balances: []);
        Assert.Equal([(AnomalyKinds.StuckPayment, unwritten)], anomalies.Select(a => (a.Kind, a.Subject)));
    }

    [Fact]
    public void A_pending_payment_answered_succeeded_without_its_credit_is_lost()
    {
        const string halfDone = Alice + "-u2";
        var journal = Clean()
            .Initiate(halfDone, PaymentOrder.Transfer(AccountId.Parse(Alice), AccountId.Parse(Bob), 100, Currency.Cny))
            .Post(Alice, halfDone, LegKind.Debit, -100);
        AssertFound(Check(journal, [.. CleanHistory, Answered(halfDone)], balances: []), AnomalyKinds.LostAcknowledged, halfDone);
    }

    [Fact]
    public void A_payment_refused_to_its_client_that_succeeded_anyway_is_found()
    {
        var anomalies = Check(Clean(), [Answered(TopUpId), Answered(TransferId, status: 422, code: "insufficient_funds")]);
        AssertFound(anomalies, AnomalyKinds.RefusedButBooked, TransferId);
    }

    [Fact]
    public void A_replay_answered_otherwise_than_the_first_send_is_found()
    {
        var anomalies = Check(Clean(), [.. CleanHistory, Answered(TransferId, status: 422, code: "insufficient_funds", replay: true, at: 2_000)]);
        AssertFound(anomalies, AnomalyKinds.ReplayDiffers, TransferId);
    }

    [Fact]
    public void A_replay_answered_first_in_transit_then_succeeded_is_no_anomaly() =>
        Assert.Empty(Check(Clean(), [Answered(TopUpId), Answered(TransferId, status: 202, paymentStatus: "in_transit"), Answered(TransferId, replay: true, at: 2_000)]));

    [Fact]
    public void A_customer_below_zero_is_found()
    {
        var journal = Clean().Initiate(Bob + "-o", PaymentOrder.Transfer(AccountId.Parse(Bob), AccountId.Parse(Alice), 400, Currency.Cny))
            .Post(Bob, Bob + "-o", LegKind.Debit, -400).Post(Alice, Bob + "-o", LegKind.Credit, 400).Succeed(Bob + "-o");
        AssertFound(Check(journal, balances: []), AnomalyKinds.BelowZero, Bob);
    }
}
