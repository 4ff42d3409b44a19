using System.Collections.Immutable;
using Akka.Actor;

namespace AkkaPay.Cell.Hosting;

/// <summary>
/// How a cell's auditor is placed: on a live node of the cell's active site (either color), and moved off a site the
/// cell has left. It reads the cell's journal, and after a failover only the active site's copy holds every
/// acknowledged write and nothing else (the old primary may keep commits it never acknowledged).
/// </summary>
public sealed class ActiveSiteAllocationStrategy(ActorSystem system, CellDirectory directory, string cellId)
    : CellAllocationStrategy(system, directory, cellId)
{
    public override Task<IActorRef> AllocateShard(IActorRef requester, string shardId, IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations)
    {
        var nodes = Nodes();
        return LeastLoaded(requester, currentShardAllocations, node => nodes.ColorOf(node) is not null);
    }

    public override Task<IImmutableSet<string>> Rebalance(IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations, IImmutableSet<string> rebalanceInProgress)
    {
        var nodes = Nodes();
        if (!nodes.Live.Any()) return Task.FromResult<IImmutableSet<string>>(ImmutableHashSet<string>.Empty);
        var leavingSite = currentShardAllocations
            .Where(region => nodes.StandsBy(AddressOf(region.Key)))
            .SelectMany(region => region.Value)
            .Where(shard => !rebalanceInProgress.Contains(shard));
        return Task.FromResult<IImmutableSet<string>>(leavingSite.ToImmutableHashSet());
    }
}
