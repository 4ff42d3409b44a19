using Akka.Actor;
using Akka.Cluster;
using AkkaPay.Cell.Persistence;
using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Routing;

namespace AkkaPay.Cell.Hosting;

/// <summary>
/// The live nodes of one cell, as one node's view of the cluster has them: Up, reachable, with the cell's role and
/// its active site's, each with its color; and the cell's live nodes of other sites, which stand by. With the
/// routing table it says where each of the cell's shards belongs now, so the shard coordinators (placing shards) and
/// the management API (reporting moves) agree.
/// </summary>
public sealed class CellNodes
{
    private readonly RoutingTable _table;
    private readonly IReadOnlyDictionary<Address, NodeColor> _live;
    private readonly IReadOnlySet<Address> _standingBy;

    private CellNodes(RoutingTable table, IReadOnlyDictionary<Address, NodeColor> live, IReadOnlySet<Address> standingBy)
    {
        _table = table;
        _live = live;
        _standingBy = standingBy;
        LiveColors = [.. live.Values.Distinct().Order()];
    }

    public static CellNodes Of(ClusterEvent.CurrentClusterState state, RoutingTable table, string cell)
    {
        var site = table.SiteByCell[cell];
        var cellMembers = LiveMembers(state, cell).ToList();
        var live = cellMembers.Where(m => m.HasRole(site)).ToDictionary(m => m.Address, m => CellNames.ColorOf(m.Roles) ?? NodeColor.Blue);
        return new CellNodes(table, live, cellMembers.Where(m => !m.HasRole(site)).Select(m => m.Address).ToHashSet());
    }

    /// <summary>True when <paramref name="site"/> has a live node of <paramref name="cell"/>: one that could host it there.</summary>
    public static bool SiteHasLiveNode(ClusterEvent.CurrentClusterState state, string cell, string site) =>
        LiveMembers(state, cell).Any(m => m.HasRole(site));

    /// <summary>
    /// What <paramref name="state"/> and the cell's replicated <paramref name="copies"/> say about a failover of
    /// <paramref name="cell"/> to <paramref name="site"/>, for an operator's and for the keeper's own. The target's
    /// journal copy counts as caught up only when the cell's node in its active site last saw it in sync (or shared).
    /// </summary>
    public static SiteFacts FactsFor(ClusterEvent.CurrentClusterState state, RoutingTable table, string cell, string site, JournalCopiesRecord? copies) => new(
        TargetHasLiveNode: SiteHasLiveNode(state, cell, site),
        ActiveSiteHealthy: SiteHasLiveNode(state, cell, table.SiteByCell[cell]),
        TargetJournalCaughtUp: copies?.HoldsEverythingFor(table.SiteByCell[cell], site) ?? false);

    private static IEnumerable<Member> LiveMembers(ClusterEvent.CurrentClusterState state, string cell) =>
        state.Members.Where(m => m.Status == MemberStatus.Up && !state.Unreachable.Contains(m) && m.HasRole(CellNames.Role(cell)));

    /// <summary>The colors with at least one live node of the cell.</summary>
    public IReadOnlyCollection<NodeColor> LiveColors { get; }

    /// <summary>The addresses of the cell's live nodes.</summary>
    public IEnumerable<Address> Live => _live.Keys;

    public NodeColor? ColorOf(Address node) => _live.TryGetValue(node, out var color) ? color : null;

    /// <summary>The color that should host the shard now: the table's target, or the other color when the target has no live node.</summary>
    public NodeColor? HostOf(string shardId) =>
        ColorPlacement.HostOf(ColorPlacement.TargetOf(_table, new Bucket(int.Parse(shardId))), LiveColors);

    /// <summary>True when <paramref name="node"/> is a live node of the cell in a site the cell is not active in: it stands by.</summary>
    public bool StandsBy(Address node) => _standingBy.Contains(node);

    /// <summary>
    /// True when the shard runs on a live node of the wrong color, or on a live node of a site the cell is no longer
    /// active in (after a failover), while the active site has a node to take it: it is due to move (or moving).
    /// </summary>
    public bool IsMisplaced(Address node, string shardId) =>
        HostOf(shardId) is { } host && (ColorOf(node) is { } color ? host != color : StandsBy(node));
}
