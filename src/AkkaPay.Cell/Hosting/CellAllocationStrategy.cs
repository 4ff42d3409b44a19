using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;

namespace AkkaPay.Cell.Hosting;

/// <summary>
/// What a cell's shard placements share: the cell's live nodes as this node sees them with the routing table of its
/// directory (the coordinator runs on one of the cell's nodes), and the node each region runs on.
/// </summary>
public abstract class CellAllocationStrategy(ActorSystem system, CellDirectory directory, string cellId) : IShardAllocationStrategy
{
    private readonly Cluster _cluster = Cluster.Get(system);

    public abstract Task<IActorRef> AllocateShard(IActorRef requester, string shardId, IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations);

    public abstract Task<IImmutableSet<string>> Rebalance(IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations, IImmutableSet<string> rebalanceInProgress);

    /// <summary>
    /// The region on a node that <paramref name="fits"/> with the fewest of the region's shards (ties by address, so
    /// every coordinator chooses alike).
    /// </summary>
    protected Task<IActorRef> LeastLoaded(IActorRef requester, IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations, Func<Address, bool> fits)
    {
        var chosen = currentShardAllocations
            .Where(region => fits(AddressOf(region.Key)))
            .OrderBy(region => region.Value.Count)
            .ThenBy(region => AddressOf(region.Key).ToString(), StringComparer.Ordinal)
            .Select(region => region.Key)
            .FirstOrDefault();
        // no live node of the cell in its site: Akka still needs a region, and any registered one serves until the cluster settles
        return Task.FromResult(chosen ?? currentShardAllocations.Keys.FirstOrDefault() ?? requester);
    }

    protected CellNodes Nodes() => CellNodes.Of(_cluster.State, directory.Routing, cellId);

    /// <summary>The coordinator's own region has a local path; every other region's path carries its node.</summary>
    protected Address AddressOf(IActorRef region) => region.Path.Address.HasGlobalScope ? region.Path.Address : _cluster.SelfAddress;
}
