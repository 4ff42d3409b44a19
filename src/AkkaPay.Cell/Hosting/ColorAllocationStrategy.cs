using System.Collections.Immutable;
using Akka.Actor;

namespace AkkaPay.Cell.Hosting;

/// <summary>
/// How a cell's shard coordinators place its shards (ADR 11): each shard on a live node of the color the routing
/// table gives its bucket (<see cref="CellNodes.HostOf"/>), the one with the fewest of the region's shards among
/// them. Every rebalance tick hands off misplaced shards, at most <paramref name="movesAtOnceMax"/> at a time, so a
/// shift moves a bounded part of the cell's traffic at once and the rest keeps flowing; after a failover, the nodes
/// of the site the cell left hand off all of theirs at once.
/// </summary>
public sealed class ColorAllocationStrategy(ActorSystem system, CellDirectory directory, string cellId, int movesAtOnceMax)
    : CellAllocationStrategy(system, directory, cellId)
{
    public override Task<IActorRef> AllocateShard(IActorRef requester, string shardId, IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations)
    {
        var nodes = Nodes();
        var host = nodes.HostOf(shardId);
        return LeastLoaded(requester, currentShardAllocations, node => nodes.ColorOf(node) is { } color && color == host);
    }

    public override Task<IImmutableSet<string>> Rebalance(IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations, IImmutableSet<string> rebalanceInProgress)
    {
        var nodes = Nodes();
        var misplaced = currentShardAllocations
            .SelectMany(region => region.Value.Select(shard => (Node: AddressOf(region.Key), Shard: shard)))
            .Where(placed => !rebalanceInProgress.Contains(placed.Shard) && nodes.IsMisplaced(placed.Node, placed.Shard))
            .OrderBy(placed => placed.Shard, StringComparer.Ordinal)
            .ToList();
        // a site the cell left (a failover) hands off everything at once: its journal writes are refused already
        var leavingSite = misplaced.Where(placed => nodes.StandsBy(placed.Node)).Select(placed => placed.Shard);
        var room = Math.Max(0, movesAtOnceMax - rebalanceInProgress.Count);
        var changingColor = misplaced.Where(placed => !nodes.StandsBy(placed.Node)).Select(placed => placed.Shard).Take(room);
        return Task.FromResult<IImmutableSet<string>>(leavingSite.Concat(changingColor).ToImmutableHashSet());
    }
}
