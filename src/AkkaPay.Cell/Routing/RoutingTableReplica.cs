using Akka.Actor;
using Akka.DistributedData;
using Akka.Event;
using AkkaPay.Cell.Hosting;

namespace AkkaPay.Cell.Routing;

/// <summary>On every node: hands each replicated version of the routing table to the node's cell directory.</summary>
public sealed class RoutingTableReplica : ReceiveActor
{
    public RoutingTableReplica(CellDirectory directory)
    {
        var log = Context.GetLogger();
        Receive<Changed>(changed =>
        {
            var table = changed.Get(RoutingTableKeeper.Key).Value.ToTable();
            if (directory.Adopt(table) is { } problem) log.Error("routing table version {0} refused: {1}", table.Version, problem);
        });
    }

    protected override void PreStart() =>
        DistributedData.Get(Context.System).Replicator.Tell(Dsl.Subscribe(RoutingTableKeeper.Key, Self));
}
