using Akka.Actor;
using AkkaPay.Cell.Hosting;
using AkkaPay.Cell.Payments;
using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Payments;
using AkkaPay.Testing;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace AkkaPay.Cell.Tests;

/// <summary>
/// Random cross-cell operations over a link that drops messages, loses replies and delivers twice, between two
/// real nodes (c0 on one, c1 on the other): once the dust settles, every payment is finished, nothing is in
/// transit, money is conserved, nobody is below zero, and each balance is what the finished payments say.
/// </summary>
[Collection(JournalsCollection.Name)]
public class CrossCellDeliveryProperties(JournalBackend journals, ITestOutputHelper output)
{
    private const int Cases = 10;
    private const long Funding = 20_000;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    /// <param name="Kind">0: transfer c0 → c1, 1: transfer c1 → c0, 2: c0 payer pays c1 merchant, 3: c1 payer pays c0 merchant.</param>
    /// <param name="Refund">The share of a merchant payment to refund afterwards (0 = none), in percent.</param>
    public sealed record Operation(int Kind, long Amount, int Refund);

    public sealed record Case(LossyLink.Faults Faults, Operation[] Operations);

    private static Gen<Case> Cases_() =>
        from dropRequest in Gen.Choose(0, 30)
        from dropReply in Gen.Choose(0, 30)
        from duplicate in Gen.Choose(0, 30)
        from operations in (from kind in Gen.Choose(0, 3)
                            from amount in Gen.Choose(1, 8_000)
                            from refund in Gen.Elements(0, 0, 50, 100)
                            select new Operation(kind, amount, refund)).ArrayOf().Where(ops => ops.Length is > 0 and <= 12)
        select new Case(new LossyLink.Faults(dropRequest / 100.0, dropReply / 100.0, duplicate / 100.0), operations);

    [Fact]
    public async Task Random_cross_cell_operations_over_a_faulty_link_conserve_money_and_book_each_payment_once()
    {
        var links = new List<IActorRef>();
        IActorRef Link(ActorSystem system, IActorRef region)
        {
            var link = system.ActorOf(Props.Create(() => new LossyLink(region, Random.Shared.Next())));
            lock (links) links.Add(link);
            return link;
        }
        var seedPort = FreePort.Next();
        var fast = (CellOptions cell) => cell with
        {
            StepRetryInterval = TimeSpan.FromMilliseconds(150), CrossCellAnswerAfter = TimeSpan.FromMilliseconds(200), RemotePayeeCheckMax = TimeSpan.FromMilliseconds(300),
        };
        await using var first = await CellNode.StartClusterNodeAsync(TestRoutings.TwoCells,
            [fast(new CellOptions("c0", await journals.NewJournalAsync(JournalBackend.Sqlite)))], seedPort, seedPort, Link);
        await using var second = await CellNode.StartClusterNodeAsync(TestRoutings.TwoCells,
            [fast(new CellOptions("c1", await journals.NewJournalAsync(JournalBackend.Sqlite)))], FreePort.Next(), seedPort, Link);

        var cases = Cases_().Sample(Cases);
        for (var i = 0; i < cases.Length; i++)
        {
            output.WriteLine($"case {i}: {cases[i].Faults}, {string.Join(" ", cases[i].Operations.Select(o => $"{o.Kind}/{o.Amount}/{o.Refund}"))}");
            await Run(i, cases[i], new CellScenario(first), new CellScenario(second), links);
        }
    }

    private static async Task Run(int caseNumber, Case @case, CellScenario c0, CellScenario c1, IReadOnlyList<IActorRef> links)
    {
        // fresh accounts per case: bucket 10/20 are c0's, 60/70 are c1's
        AccountId Id(int bucket) => AccountId.Parse($"2088{caseNumber:0000000000}{bucket:00}");
        var (payer0, merchant0, payer1, merchant1) = (Id(10), Id(20), Id(60), Id(70));
        await c0.Open(payer0.Value);
        await c0.Open(merchant0.Value, AccountType.Merchant);
        await c1.Open(payer1.Value);
        await c1.Open(merchant1.Value, AccountType.Merchant);
        await c0.TopUp(payer0, Funding, "fund");
        await c1.TopUp(payer1, Funding, "fund");

        foreach (var link in links) link.Tell(@case.Faults);
        var ops = @case.Operations;
        var paid = await Task.WhenAll(ops.Select((op, n) => op.Kind switch
        {
            0 => c0.Transfer(payer0, payer1, op.Amount, $"op{n}"),
            1 => c1.Transfer(payer1, payer0, op.Amount, $"op{n}"),
            2 => c0.PayMerchant(payer0, merchant1, op.Amount, $"op{n}"),
            _ => c1.PayMerchant(payer1, merchant0, op.Amount, $"op{n}"),
        }));
        var refunds = await Task.WhenAll(ops.Select((op, n) => (op, n, outcome: paid[n]))
            .Where(x => x.op.Kind >= 2 && x.op.Refund > 0)
            .Select(async x =>
            {
                // the test's own asks stay inside a cell, off the faulty link: the payment in the payer's cell, the refund in the merchant's
                var (merchant, payer, payersCell, merchantsCell) = x.op.Kind == 2 ? (merchant1, payer0, c0, c1) : (merchant0, payer1, c1, c0);
                await payersCell.AwaitFinished(x.outcome.PaymentId);
                return await merchantsCell.Refund(PaymentId.Parse(x.outcome.PaymentId), merchant, payer, Math.Max(1, x.op.Amount * x.op.Refund / 100), $"refund{x.n}");
            }));
        foreach (var link in links) link.Tell(LossyLink.Faults.None);

        var views = new List<PaymentView>();
        foreach (var outcome in paid.Concat(refunds))
            views.Add(await (PaymentId.Parse(outcome.PaymentId).Scope.Bucket.Value < 50 ? c0 : c1).AwaitFinished(outcome.PaymentId));
        await Probe.Until(async () => (await c0.Audit()).All(a => a.InTransit == 0), Bound, $"case {caseNumber}: money still in transit");

        var expected = new Dictionary<AccountId, long> { [payer0] = Funding, [payer1] = Funding, [merchant0] = 0, [merchant1] = 0 };
        foreach (var view in views.Where(v => v.Status == PaymentStatus.Succeeded))
        {
            var order = view.Order!;
            switch (order.Kind)
            {
                case PaymentKind.Transfer or PaymentKind.Refund:
                    expected[order.Payer] -= order.Amount;
                    expected[order.Payee] += order.Amount;
                    break;
                case PaymentKind.MerchantPayment:
                    expected[order.Payer] -= order.Amount;
                    expected[order.Payee] += order.Amount - view.Fee;
                    break;
            }
        }
        foreach (var (account, balance) in expected)
            Assert.True(balance == await c0.Balance(account), $"case {caseNumber}: {account} holds {await c0.Balance(account)}, the finished payments say {balance}");
        var audits = await c0.Audit();
        Assert.Equal(Int128.Zero, audits.Aggregate(Int128.Zero, (sum, audit) => sum + audit.Sum));
        Assert.All(audits, audit => Assert.Empty(audit.CustomersBelowZero));
    }
}
