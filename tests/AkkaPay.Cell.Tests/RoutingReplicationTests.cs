using Akka.Actor;
using Akka.Hosting;
using AkkaPay.Cell.Hosting;
using AkkaPay.Cell.Routing;
using AkkaPay.Domain.Routing;
using AkkaPay.Testing;

namespace AkkaPay.Cell.Tests;

/// <summary>The routing table lives in the cluster: journaled by the router singleton, replicated to every node, kept across a full restart.</summary>
[Collection(JournalsCollection.Name)]
public class RoutingReplicationTests(JournalBackend journals)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private static readonly RoutingTable SingleCell = RoutingTable.SingleCell("c0", "site-a");

    [Fact]
    public async Task A_new_version_reaches_every_node_and_an_old_version_is_refused()
    {
        var seedPort = FreePort.Next();
        await using var first = await CellNode.StartClusterNodeAsync(TestRoutings.TwoCells,
            [new CellOptions("c0", await journals.NewJournalAsync(JournalBackend.Sqlite))], seedPort, seedPort);
        await using var second = await CellNode.StartClusterNodeAsync(TestRoutings.TwoCells,
            [new CellOptions("c1", await journals.NewJournalAsync(JournalBackend.Sqlite))], FreePort.Next(), seedPort);
        Assert.Equal(1, second.Cells.Routing.Version);

        var next = TestRoutings.TwoCells.WithSite("c1", "site-b");
        Assert.Equal(new RoutingChanged(2), await Keeper(second).Ask<object>(new ChangeRouting(RoutingTableRecord.Of(next)), Bound));
        foreach (var node in new[] { first, second })
            await Probe.Until(() => node.Cells.Routing.Version == 2, Bound, "version 2 did not reach every node");
        Assert.Equal("site-b", first.Cells.Routing.SiteByCell["c1"]);

        var stale = await Keeper(first).Ask<object>(new ChangeRouting(RoutingTableRecord.Of(TestRoutings.TwoCells.WithSite("c0", "site-b"))), Bound);
        Assert.Equal(2, Assert.IsType<RoutingChangeRefused>(stale).CurrentVersion);
        Assert.Equal("site-a", second.Cells.Routing.SiteByCell["c0"]);
    }

    [Theory]
    [MemberData(nameof(JournalBackend.All), MemberType = typeof(JournalBackend))]
    public async Task The_routing_table_and_its_history_survive_a_full_restart_of_the_cluster(string backend)
    {
        var journal = await journals.NewJournalAsync(backend);
        var cells = new[] { new CellOptions("c0", journal) };
        await using (var node = await CellNode.StartAsync(SingleCell, cells))
        {
            var next = SingleCell.WithSite("c0", "site-b");
            Assert.Equal(new RoutingChanged(2), await Keeper(node).Ask<object>(new ChangeRouting(RoutingTableRecord.Of(next)), Bound));
            Assert.Equal(new RoutingChanged(3), await Keeper(node).Ask<object>(new ChangeRouting(RoutingTableRecord.Of(next.WithGreenPercent("c0", 0)), "deploy build 43 on green"), Bound));
            await Probe.Until(() => node.Cells.Routing.Version == 3, Bound, "version 3 was not adopted");
        }

        // the topology still says version 1 with c0 in site-a: the cluster's journal wins
        await using var restarted = await CellNode.StartAsync(SingleCell, cells);
        Assert.Equal(3, restarted.Cells.Routing.Version);
        Assert.Equal("site-b", restarted.Cells.Routing.SiteByCell["c0"]);
        Assert.Equal(0, restarted.Cells.Routing.GreenPercentByCell["c0"]);
        Assert.Equal(new CellEpoch(2), restarted.Cells.Routing.EpochByCell["c0"]);

        var history = Assert.IsType<RoutingHistory>(await Keeper(restarted).Ask<object>(new GetRoutingHistory(10), Bound));
        Assert.Equal([3L, 2L, 1L], history.Entries.Select(entry => entry.Version));
        Assert.Equal("deploy build 43 on green", history.Entries[0].Reason);
        Assert.Equal([new RoutingChange("c0", RoutingChange.GreenPercent, "50", "0")], history.Entries[0].Changes);
        Assert.Equal([new RoutingChange("c0", RoutingChange.Site, "site-a", "site-b"), new RoutingChange("c0", RoutingChange.Epoch, "1", "2")], history.Entries[1].Changes);
        Assert.Empty(history.Entries[2].Changes);
        Assert.Single(Assert.IsType<RoutingHistory>(await Keeper(restarted).Ask<object>(new GetRoutingHistory(1), Bound)).Entries);
    }

    private static ActorSelection Keeper(CellNode node) =>
        RoutingTableKeeper.Select(node.System) ?? throw new InvalidOperationException("no router node is Up");
}
