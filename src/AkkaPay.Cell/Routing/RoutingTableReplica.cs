using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;
using Akka.Event;
using AkkaPay.Cell.Hosting;
using AkkaPay.Cell.Persistence;

namespace AkkaPay.Cell.Routing;

/// <summary>
/// On every node: hands each replicated version of the routing table to the node's journal fence (the epochs of the
/// cells active in the node's site), then to its cell directory, so a cell's regions never start before its epoch is held.
/// </summary>
public sealed class RoutingTableReplica : ReceiveActor
{
    public RoutingTableReplica(CellDirectory directory)
    {
        var log = Context.GetLogger();
        var fence = CellFence.Get(Context.System);
        // a node's site is one of its roles, by the site's name; roles that name no site match no cell's site
        var ownSites = Cluster.Get(Context.System).SelfRoles;
        Receive<Changed>(changed =>
        {
            var table = changed.Get(RoutingTableKeeper.Key).Value.ToTable();
            fence.Adopt(table, ownSites);
            if (directory.Adopt(table) is { } problem) log.Error("routing table version {0} refused: {1}", table.Version, problem);
        });
    }

    protected override void PreStart() =>
        DistributedData.Get(Context.System).Replicator.Tell(Dsl.Subscribe(RoutingTableKeeper.Key, Self));
}
