using Akka.Actor;
using AkkaPay.Cell.Hosting;
using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Payments;
using AkkaPay.Domain.Routing;
using AkkaPay.Testing;

namespace AkkaPay.Cell.Tests;

/// <summary>Two real cluster nodes over loopback: c0 on one, c1 on the other, each reaching the other's cell through proxies.</summary>
[Collection(JournalsCollection.Name)]
public class TwoNodeTests(JournalBackend journals)
{
    private static readonly RoutingTable TwoCells = TestRoutings.TwoCells;
    private static readonly AccountId Alice = AccountId.Parse("2088000000000110");   // c0
    private static readonly AccountId Bob = AccountId.Parse("2088000000000260");     // c1

    /// <summary>Opens Alice with 1,000 and Bob through a node of c1 on <paramref name="c1Journal"/>, stopped again afterwards.</summary>
    private static async Task OpenAliceAndBobWhileC1Runs(CellScenario cell, Persistence.JournalOptions c1Journal, int seedPort)
    {
        await using var c1 = await CellNode.StartClusterNodeAsync(TwoCells, [new CellOptions("c1", c1Journal)], FreePort.Next(), seedPort);
        await cell.Open(Alice.Value);
        await cell.Open(Bob.Value);
        await cell.TopUp(Alice, 1_000, "t1");
    }

    [Theory]
    [MemberData(nameof(JournalBackend.All), MemberType = typeof(JournalBackend))]
    public async Task A_payment_crosses_from_a_cell_on_one_node_to_a_cell_on_another(string backend)
    {
        var seedPort = FreePort.Next();
        var waitForCredits = TimeSpan.FromSeconds(30);
        await using var first = await CellNode.StartClusterNodeAsync(TwoCells,
            [new CellOptions("c0", await journals.NewJournalAsync(backend)) { CrossCellAnswerAfter = waitForCredits }], seedPort, seedPort);
        await using var second = await CellNode.StartClusterNodeAsync(TwoCells,
            [new CellOptions("c1", await journals.NewJournalAsync(backend)) { CrossCellAnswerAfter = waitForCredits }], FreePort.Next(), seedPort);
        var onFirst = new CellScenario(first);
        var onSecond = new CellScenario(second);
        var alice = await onFirst.Open("2088000000000110");   // c0, hosted on the first node
        var bob = await onFirst.Open("2088000000000260");     // c1, opened through the first node's proxy

        await onFirst.TopUp(alice, 1_000, "t1");
        var there = await onFirst.Transfer(alice, bob, 300, "x1");
        var back = await onSecond.Transfer(bob, alice, 100, "y1");

        Assert.Equal((PaymentStatus.Succeeded, PaymentStatus.Succeeded), (there.Status, back.Status));
        Assert.Equal(800, await onSecond.Balance(alice));
        Assert.Equal(200, await onFirst.Balance(bob));
        await onFirst.AssertMoneyIsConserved();
    }

    [Theory]
    [MemberData(nameof(JournalBackend.All), MemberType = typeof(JournalBackend))]
    public async Task A_credit_bound_for_a_cell_whose_node_is_down_waits_in_transit_and_lands_when_the_cell_is_back(string backend)
    {
        var seedPort = FreePort.Next();
        var c1Journal = await journals.NewJournalAsync(backend);
        await using var first = await CellNode.StartClusterNodeAsync(TwoCells,
            [new CellOptions("c0", await journals.NewJournalAsync(backend)) { StepRetryInterval = TimeSpan.FromMilliseconds(300), CrossCellAnswerAfter = TimeSpan.FromMilliseconds(500) }],
            seedPort, seedPort);
        var cell = new CellScenario(first);
        var (alice, bob) = (Alice, Bob);
        await OpenAliceAndBobWhileC1Runs(cell, c1Journal, seedPort);

        var answer = await cell.Transfer(alice, bob, 300, "while-c1-is-down");
        Assert.Equal(PaymentStatus.InTransit, answer.Status);
        Assert.Equal(700, await cell.Balance(alice));
        Assert.Equal(300, await cell.Balance(InternalAccounts.InTransit(Domain.Money.Currency.Cny, alice.Bucket)));

        await using var back = await CellNode.StartClusterNodeAsync(TwoCells, [new CellOptions("c1", c1Journal)], FreePort.Next(), seedPort);
        await cell.AwaitPayment(answer.PaymentId, PaymentStatus.Succeeded);
        Assert.Equal(300, await cell.Balance(bob));
        Assert.Equal(0, await cell.Balance(InternalAccounts.InTransit(Domain.Money.Currency.Cny, alice.Bucket)));
        await cell.AssertMoneyIsConserved();
    }

    [Theory]
    [MemberData(nameof(JournalBackend.All), MemberType = typeof(JournalBackend))]
    public async Task A_payment_in_transit_when_its_cells_node_stopped_resumes_by_itself_when_the_cell_is_back(string backend)
    {
        var seedPort = FreePort.Next();
        var (c0Journal, c1Journal) = (await journals.NewJournalAsync(backend), await journals.NewJournalAsync(backend));
        CellOptions C0() => new("c0", c0Journal) { StepRetryInterval = TimeSpan.FromMilliseconds(300), CrossCellAnswerAfter = TimeSpan.Zero };
        CellOptions C1() => new("c1", c1Journal);
        await using var router = await CellNode.StartClusterNodeAsync(TwoCells, [], seedPort, seedPort);
        var cell = new CellScenario(router);
        var alice = AccountId.Parse("2088000000000110");
        var bob = AccountId.Parse("2088000000000260");
        var transit = InternalAccounts.InTransit(Domain.Money.Currency.Cny, alice.Bucket);

        await using (var c0 = await CellNode.StartClusterNodeAsync(TwoCells, [C0()], FreePort.Next(), seedPort))
        {
            await using (var c1 = await CellNode.StartClusterNodeAsync(TwoCells, [C1()], FreePort.Next(), seedPort))
            {
                await cell.Open(alice.Value);
                await cell.Open(bob.Value);
                await cell.TopUp(alice, 1_000, "t1");
            }
            Assert.Equal(PaymentStatus.InTransit, (await cell.Transfer(alice, bob, 300, "stranded")).Status);
            Assert.Equal(300, await cell.Balance(transit));
            var c0Audit = await c0.Cells.AuditorOf("c0").Ask<Audit.CellAudit>(new Audit.AuditCell("c0"), TimeSpan.FromSeconds(30));
            Assert.Equal((Int128.Zero - 1_000 + 700 + 300, (Int128)300), (c0Audit.Sum, c0Audit.InTransit));  // clearing −1000, alice 700, in transit 300
            Assert.Equal(1, c0Audit.PendingPayments);
        }

        // both cells come back; nobody asks about the payment
        await using var c1Again = await CellNode.StartClusterNodeAsync(TwoCells, [C1()], FreePort.Next(), seedPort);
        await using var c0Again = await CellNode.StartClusterNodeAsync(TwoCells, [C0()], FreePort.Next(), seedPort);
        // the payment itself is not read until it finished: a read would wake it. Its last leg clears the transit
        // account after Bob's credit, so both balances are awaited.
        await Probe.Until(async () => await cell.Balance(bob) == 300 && await cell.Balance(transit) == 0, TimeSpan.FromSeconds(60),
            "the stranded payment did not resume");
        Assert.Equal(700, await cell.Balance(alice));
        await cell.AssertMoneyIsConserved();
        Assert.Equal(PaymentStatus.Succeeded, (await cell.Payment("2088000000000110-stranded")).Status);
        Assert.All(await cell.Audit(), audit => Assert.Equal(0, audit.PendingPayments));
    }

    /// <summary>
    /// A pending payment its shard stops (as on hand-off to the other color) wakes itself through its region: its
    /// cell's sweep for pending payments is set far off here, so only that wake-up can finish it.
    /// </summary>
    [Theory]
    [MemberData(nameof(JournalBackend.All), MemberType = typeof(JournalBackend))]
    public async Task A_pending_payment_its_shard_stops_resumes_without_waiting_for_the_sweep(string backend)
    {
        var seedPort = FreePort.Next();
        var c1Journal = await journals.NewJournalAsync(backend);
        await using var first = await CellNode.StartClusterNodeAsync(TwoCells,
            [new CellOptions("c0", await journals.NewJournalAsync(backend))
            {
                StepRetryInterval = TimeSpan.FromMilliseconds(300), CrossCellAnswerAfter = TimeSpan.Zero, PendingPaymentSweepInterval = TimeSpan.FromMinutes(10),
            }],
            seedPort, seedPort);
        var cell = new CellScenario(first);
        var (alice, bob) = (Alice, Bob);
        var transit = InternalAccounts.InTransit(Domain.Money.Currency.Cny, alice.Bucket);
        await OpenAliceAndBobWhileC1Runs(cell, c1Journal, seedPort);
        var answer = await cell.Transfer(alice, bob, 300, "stopped-while-pending");
        Assert.Equal(PaymentStatus.InTransit, answer.Status);

        var paymentId = answer.PaymentId;
        var region = first.Cells.PaymentsOf(PaymentId.Parse(paymentId));
        var payment = await first.System.ActorSelection($"{region.Path}/{new CellMessageExtractor().ShardId(paymentId)}/{paymentId}").ResolveOne(TimeSpan.FromSeconds(5));
        var watcher = Inbox.Create(first.System);
        watcher.Watch(payment);
        var shard = await first.System.ActorSelection(payment.Path.Parent).ResolveOne(TimeSpan.FromSeconds(5));
        shard.Tell(new Akka.Cluster.Sharding.Passivate(StopEntity.Instance), payment);
        Assert.IsType<Terminated>(await watcher.ReceiveAsync(TimeSpan.FromSeconds(10)));

        await using var c1Again = await CellNode.StartClusterNodeAsync(TwoCells, [new CellOptions("c1", c1Journal)], FreePort.Next(), seedPort);
        // not read until it finished (a read would wake it): its last leg clears the transit account after Bob's credit
        await Probe.Until(async () => await cell.Balance(bob) == 300 && await cell.Balance(transit) == 0, TimeSpan.FromSeconds(30),
            "the stopped payment did not resume");
        Assert.Equal(PaymentStatus.Succeeded, (await cell.Payment(paymentId)).Status);
        await cell.AssertMoneyIsConserved();
    }
}
