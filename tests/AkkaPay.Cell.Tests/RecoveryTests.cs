using AkkaPay.Cell.Payments;
using AkkaPay.Cell.Persistence;
using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Money;
using AkkaPay.Domain.Payments;
using AkkaPay.Testing;

namespace AkkaPay.Cell.Tests;

[Collection(JournalsCollection.Name)]
public class RecoveryTests(JournalBackend journals)
{
    private static readonly AccountId Alice = AccountId.Parse("2088000000000137");
    private static readonly AccountId Bob = AccountId.Parse("2088000000000242");

    private static async Task OpenAliceWith1000AndBob(CellNode node)
    {
        var cell = new CellScenario(node);
        await cell.Open(Alice.Value);
        await cell.Open(Bob.Value);
        await cell.TopUp(Alice, 1_000, "t1");
    }

    /// <summary>Alice with 1,000 and Bob, then <paramref name="events"/> in the cell's journal, as a crash would have left them.</summary>
    private static async Task LeftByACrash(JournalOptions journal, params (string PersistenceId, object Event)[] events)
    {
        await using var node = await CellNode.StartAsync(journal);
        await OpenAliceWith1000AndBob(node);
        foreach (var (persistenceId, @event) in events)
            await JournalWrites.Write(node.System, persistenceId, CellPersistenceConfig.JournalPluginId("c0"), @event);
    }

    [Theory]
    [MemberData(nameof(JournalBackend.All), MemberType = typeof(JournalBackend))]
    public async Task A_restarted_cell_has_the_same_balances_entries_and_payments_and_replays_without_reapplying(string backend)
    {
        var journal = await journals.NewJournalAsync(backend);
        AccountId alice, bob, shop;
        PaymentOutcome paid;
        IReadOnlyList<AccountEntry> entriesBefore;
        PaymentView paymentBefore;
        // snapshots from every 3 events on, so recovery reads a snapshot and then the events after it
        Func<Hosting.CellOptions, Hosting.CellOptions> snapshotsOften = o => o with { SnapshotEvery = 3 };

        await using (var node = await CellNode.StartAsync(journal, snapshotsOften))
        {
            var cell = new CellScenario(node);
            alice = await cell.Open("2088000000000137");
            bob = await cell.Open("2088000000000242");
            shop = await cell.Open("2088000000000399", AccountType.Merchant);
            await cell.TopUp(alice, 10_000, "t1");
            for (var i = 0; i < 7; i++) await cell.Transfer(alice, bob, 100 + i, $"x{i}");
            paid = await cell.PayMerchant(alice, shop, 1_000, "p1");
            await cell.Refund(PaymentId.Parse(paid.PaymentId), shop, alice, 400, "r1");
            entriesBefore = await cell.Entries(alice);
            paymentBefore = await cell.Payment(paid.PaymentId);
        }

        await using (var node = await CellNode.StartAsync(journal, snapshotsOften))
        {
            var cell = new CellScenario(node);
            Assert.Equal(10_000 - 721 - 1_000 + 400, await cell.Balance(alice));
            Assert.Equal(721, await cell.Balance(bob));
            Assert.Equal(entriesBefore, await cell.Entries(alice));
            var paymentAfter = await cell.Payment(paid.PaymentId);
            Assert.Equal((paymentBefore.Status, paymentBefore.Refunded), (paymentAfter.Status, paymentAfter.Refunded));
            Assert.Equal(paymentBefore.History, paymentAfter.History);

            Assert.Equal(paid, await cell.PayMerchant(alice, shop, 1_000, "p1"));
            Assert.Equal(10_000 - 721 - 1_000 + 400, await cell.Balance(alice));
            await cell.AssertMoneyIsConserved();
        }
    }

    [Theory]
    [MemberData(nameof(JournalBackend.All), MemberType = typeof(JournalBackend))]
    public async Task Every_acknowledged_payment_survives_a_stop_right_after_its_answer(string backend)
    {
        var journal = await journals.NewJournalAsync(backend);
        PaymentOutcome[] acknowledged;
        await using (var node = await CellNode.StartAsync(journal))
        {
            var cell = new CellScenario(node);
            var alice = await cell.Open("2088000000000137");
            await cell.Open("2088000000000242");
            acknowledged = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => cell.TopUp(alice, i + 1, $"t{i}")));
            // no waiting, no flush: the system goes down as soon as the last answer arrived
            await node.System.Terminate();
        }

        await using (var node = await CellNode.StartAsync(journal))
        {
            var cell = new CellScenario(node);
            Assert.All(acknowledged, a => Assert.Equal(PaymentStatus.Succeeded, a.Status));
            Assert.Equal(Enumerable.Range(1, 100).Sum(), await cell.Balance(AccountId.Parse("2088000000000137")));
            // a payment answered before its outcome was written reads pending until the cell's resumer wrote it (ADR 9)
            foreach (var outcome in acknowledged)
                await cell.AwaitPayment(outcome.PaymentId, PaymentStatus.Succeeded);
        }
    }

    [Theory]
    [MemberData(nameof(JournalBackend.All), MemberType = typeof(JournalBackend))]
    public async Task A_payment_interrupted_after_its_intent_was_persisted_finishes_when_its_cell_comes_back(string backend)
    {
        var journal = await journals.NewJournalAsync(backend);
        var (alice, bob) = (Alice, Bob);
        var id = PaymentId.For(alice, "interrupted");
        // the payment actor crashed right after persisting its intent: no leg was booked
        await LeftByACrash(journal,
            ($"payment-{id}", new PaymentInitiated(id.Value, PaymentOrder.Transfer(alice, bob, 250, Currency.Cny), 0, "trace-interrupted", DateTimeOffset.UtcNow)));

        await using (var node = await CellNode.StartAsync(journal))
        {
            var cell = new CellScenario(node);
            Assert.Equal(PaymentStatus.Succeeded,
                (await cell.Transfer(alice, bob, 250, "interrupted")).Status);
            Assert.Equal(750, await cell.Balance(alice));
            Assert.Equal(250, await cell.Balance(bob));
            await cell.AssertMoneyIsConserved();
        }
    }

    [Theory]
    [MemberData(nameof(JournalBackend.All), MemberType = typeof(JournalBackend))]
    public async Task A_payment_interrupted_after_its_debit_finishes_by_itself_when_its_cell_comes_back(string backend)
    {
        var journal = await journals.NewJournalAsync(backend);
        var (alice, bob) = (Alice, Bob);
        var id = PaymentId.For(alice, "left-half-done");
        // the cell crashed after the debit was booked; nobody asks about the payment again
        var at = DateTimeOffset.UtcNow;
        await LeftByACrash(journal,
            ($"payment-{id}", new PaymentInitiated(id.Value, PaymentOrder.Transfer(alice, bob, 250, Currency.Cny), 0, "trace-half", at)),
            ($"account-{alice}", new AccountPosted(new AccountEntry($"{id}/debit", id.Value, -250, 750, at), "trace-half")));

        await using (var node = await CellNode.StartAsync(journal))
        {
            var cell = new CellScenario(node);
            await Probe.Until(async () => await cell.Balance(bob) == 250, TimeSpan.FromSeconds(30), "the interrupted payment did not resume");
            Assert.Equal(750, await cell.Balance(alice));
            Assert.Equal(PaymentStatus.Succeeded, (await cell.Payment(id.Value)).Status);
            await cell.AssertMoneyIsConserved();
        }
    }

    [Theory]
    [MemberData(nameof(JournalBackend.All), MemberType = typeof(JournalBackend))]
    public async Task A_payment_answered_before_its_outcome_was_written_is_recorded_as_succeeded_when_its_cell_comes_back(string backend)
    {
        var journal = await journals.NewJournalAsync(backend);
        var (alice, bob) = (Alice, Bob);
        var id = PaymentId.For(alice, "answered");
        // every leg was booked and the caller answered succeeded; the cell stopped before PaymentSucceeded was written
        var at = DateTimeOffset.UtcNow;
        await LeftByACrash(journal,
            ($"payment-{id}", new PaymentInitiated(id.Value, PaymentOrder.Transfer(alice, bob, 250, Currency.Cny), 0, "trace-answered", at)),
            ($"account-{alice}", new AccountPosted(new AccountEntry($"{id}/debit", id.Value, -250, 750, at), "trace-answered")),
            ($"account-{bob}", new AccountPosted(new AccountEntry($"{id}/credit", id.Value, 250, 250, at), "trace-answered")));

        await using (var node = await CellNode.StartAsync(journal))
        {
            var cell = new CellScenario(node);
            var view = await cell.AwaitPayment(id.Value, PaymentStatus.Succeeded);
            Assert.Equal(["initiated", "succeeded"], view.History.Select(s => s.Step));
            Assert.Equal((750, 250), (await cell.Balance(alice), await cell.Balance(bob)));
            Assert.Equal(PaymentStatus.Succeeded, (await cell.Transfer(alice, bob, 250, "answered")).Status);
            Assert.Equal((750, 250), (await cell.Balance(alice), await cell.Balance(bob)));
            await cell.AssertMoneyIsConserved();
        }
    }

    [Theory]
    [MemberData(nameof(JournalBackend.All), MemberType = typeof(JournalBackend))]
    public async Task A_payment_interrupted_while_undoing_its_debit_stays_undone_even_if_the_credit_would_now_fit(string backend)
    {
        var journal = await journals.NewJournalAsync(backend);
        var (alice, bob) = (Alice, Bob);
        var id = PaymentId.For(alice, "undone");
        var order = PaymentOrder.Transfer(alice, bob, 250, Currency.Cny);
        // the credit was refused, compensation began, the reversal was booked, PaymentFailed was not yet written
        var at = DateTimeOffset.UtcNow;
        await LeftByACrash(journal,
            ($"payment-{id}", new PaymentInitiated(id.Value, order, 0, "trace-undone", at)),
            ($"payment-{id}", new PaymentCompensating("limit_exceeded", "bob was full", at)),
            ($"account-{alice}", new AccountPosted(new AccountEntry($"{id}/debit", id.Value, -250, 750, at), "trace-undone")),
            ($"account-{alice}", new AccountPosted(new AccountEntry($"{id}/debit-reversal", id.Value, 250, 1_000, at), "trace-undone")));

        await using (var node = await CellNode.StartAsync(journal))
        {
            var cell = new CellScenario(node);
            var outcome = await cell.Transfer(alice, bob, 250, "undone");
            Assert.Equal((PaymentStatus.Failed, "limit_exceeded"), (outcome.Status, outcome.Failure!.Code));
            Assert.Equal(1_000, await cell.Balance(alice));
            Assert.Equal(0, await cell.Balance(bob));
            Assert.Equal(["initiated", "compensating", "failed"], (await cell.Payment(id.Value)).History.Select(s => s.Step));
            await cell.AssertMoneyIsConserved();
        }
    }
}
