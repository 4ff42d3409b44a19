using AkkaPay.Domain;
using AkkaPay.Domain.Routing;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using AkkaPay.Api.Contracts;
using AkkaPay.Cell.Hosting;
using AkkaPay.Cell.Persistence;

namespace AkkaPay.Api;

/// <summary>What operators see of the live cluster: members and their roles, which nodes host which cell, where shards are.</summary>
public sealed class ClusterInspector(ActorSystem system, CellDirectory cells, ApiOptions options)
{

    public ClusterResponse Cluster()
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        var state = cluster.State;
        return new ClusterResponse(cluster.SelfAddress.ToString(), state.Leader?.ToString(), Members(_ => true));
    }

    /// <summary>The cell's routing and the members that host it; its shards and ledger are asked of the cell itself.</summary>
    public CellDetailResponse Cell(string cell, ShardsResponse? shards, CellAuditResponse? ledger) => new(
        cell,
        cells.Routing.SiteByCell[cell],
        cells.Routing.RangesOf(cell).Select(range => range.ToString()).ToList(),
        cells.Routing.Version,
        Members(m => m.HasRole(CellNames.Role(cell))),
        shards?.Regions,
        ledger);

    private List<MemberResponse> Members(Func<Member, bool> which)
    {
        var state = Akka.Cluster.Cluster.Get(system).State;
        return state.Members.Where(which).OrderBy(m => m.Address.ToString()).Select(m => new MemberResponse(
            m.Address.ToString(), m.Status.ToString(), m.Roles.Order().ToList(), !state.Unreachable.Contains(m),
            CellNames.ColorOf(m.Roles)?.Name() ?? "none", m.AppVersion.ToString())).ToList();
    }

    public CellsResponse Cells()
    {
        var members = Akka.Cluster.Cluster.Get(system).State.Members;
        return new CellsResponse(cells.Routing.Version, cells.Routing.Cells.Select(cell => new CellResponse(
            cell,
            cells.Routing.SiteByCell[cell],
            cells.Routing.RangesOf(cell).Select(range => range.ToString()).ToList(),
            members.Where(m => m.HasRole(CellNames.Role(cell))).Select(m => m.Address.ToString()).Order().ToList())).ToList());
    }

    /// <summary>Every site of the topology with the cells active in it and its members (those with the site's role).</summary>
    public SitesResponse Sites()
    {
        var routing = cells.Routing;
        return new SitesResponse(routing.Version, [.. options.Sites.Select(site =>
        {
            var members = Members(m => m.HasRole(site));
            return new SiteResponse(site, members.Any(m => m.Reachable && m.Status == nameof(MemberStatus.Up)),
                [.. routing.Cells.Where(cell => routing.SiteByCell[cell] == site)], members);
        })]);
    }

    /// <summary>Why <paramref name="cell"/> cannot be looked at: it is not in this node's routing table; null when it is.</summary>
    public Rejection? UnknownCell(string cell) => OperatorChange.UnknownCell(cells.Routing, cell);

    /// <summary>Shards and entities per node for the cell's account and payment regions (Akka's cluster sharding stats).</summary>
    public async Task<ShardsResponse?> Shards(string cell, CancellationToken cancel)
    {
        var regions = new List<RegionShardsResponse>();
        var nodes = NodesOf(cell);
        foreach (var (kind, region) in new[] { ("account", CellNames.AccountRegion(cell)), ("payment", CellNames.PaymentRegion(cell)) })
        {
            var stats = await Stats(region, nodes, cancel);
            if (stats is null) return null;
            regions.AddRange(stats.Regions.Select(pair => new RegionShardsResponse(
                kind, pair.Key.ToString(), ColorOf(pair.Key)?.Name() ?? "none", pair.Value.Stats.Count, pair.Value.Stats.Values.Sum())));
        }
        return new ShardsResponse(cell, regions.OrderBy(r => r.Region).ThenBy(r => r.Node).ToList());
    }

    /// <summary>For each cell: its site, the share of its account shards blue and green host now, the table's target, and what is still moving.</summary>
    public async Task<TrafficResponse?> Traffic(CancellationToken cancel)
    {
        var routing = cells.Routing;
        var result = await Task.WhenAll(routing.Cells.Select(cell => CellTraffic(routing, cell, cancel)));
        return result.Any(cell => cell is null) ? null : new TrafficResponse(routing.Version, [.. result.Select(cell => cell!)]);
    }

    /// <summary>How many shards of the cell's regions sit on the wrong color for the current table; null when the cell does not answer.</summary>
    public async Task<int?> ShardsMoving(string cell, CancellationToken cancel) =>
        (await CellTraffic(cells.Routing, cell, cancel))?.ShardsMoving;

    public CellNodes NodesOf(string cell) => CellNodes.Of(Akka.Cluster.Cluster.Get(system).State, cells.Routing, cell);

    /// <summary>What this node's view of the cluster says about a failover of <paramref name="cell"/> to <paramref name="site"/>.</summary>
    public SiteFacts SiteFactsFor(string cell, string site) =>
        CellNodes.FactsFor(Akka.Cluster.Cluster.Get(system).State, cells.Routing, cell, site, JournalCopies.Get(system).Of(cell));

    private async Task<CellTrafficResponse?> CellTraffic(RoutingTable routing, string cell, CancellationToken cancel)
    {
        var nodes = CellNodes.Of(Akka.Cluster.Cluster.Get(system).State, routing, cell);
        var regions = await Task.WhenAll(BucketRegions(cell).Select(region => Stats(region, nodes, cancel)));
        if (regions.Any(stats => stats is null)) return null;
        var moving = regions.Sum(stats => stats!.Regions.Sum(region => region.Value.Stats.Keys.Count(shard => nodes.IsMisplaced(region.Key, shard))));

        var accounts = regions[0]!;
        var byColor = accounts.Regions.ToLookup(pair => ColorOf(pair.Key), pair => pair.Value.Stats.Count);
        var shards = byColor.Sum(color => color.Sum());
        int Percent(NodeColor color) => shards == 0 ? 0 : (int)Math.Round(100.0 * byColor[color].Sum() / shards);
        var target = routing.GreenPercentByCell[cell];
        return new CellTrafficResponse(cell, routing.SiteByCell[cell], Percent(NodeColor.Blue), Percent(NodeColor.Green), shards,
            target, ColorPlacement.AchievedGreenPercent(routing, cell), moving, [.. nodes.LiveColors.Select(color => color.Name())], Note(routing, cell, nodes));
    }

    /// <summary>The regions whose shards are buckets (and so follow the colors): accounts first.</summary>
    private static string[] BucketRegions(string cell) => [CellNames.AccountRegion(cell), CellNames.PaymentRegion(cell), CellNames.SubAccountRegion(cell)];

    /// <summary>Says so when a color the table gives shards to has no live node: the other color serves them.</summary>
    private static string? Note(RoutingTable routing, string cell, CellNodes nodes)
    {
        var planned = ColorPlacement.AchievedGreenPercent(routing, cell);
        var wanted = new List<NodeColor>();
        if (planned > 0) wanted.Add(NodeColor.Green);
        if (planned < 100) wanted.Add(NodeColor.Blue);
        var missing = wanted.Where(color => !nodes.LiveColors.Contains(color)).ToList();
        if (missing.Count == 0) return null;
        if (nodes.LiveColors.Count == 0) return $"no live node of cell {cell} in site {routing.SiteByCell[cell]}";
        var serving = nodes.LiveColors.First().Name();
        return $"no live {string.Join(" or ", missing.Select(color => color.Name()))} node in site {routing.SiteByCell[cell]}: {serving} serves the cell";
    }

    /// <returns>
    /// The stats of every live node's region of the cell, or null when they are not all there. Akka answers an empty
    /// map, as though nothing were hosted, when the region has no coordinator yet (one is taking over after a node
    /// died) or when any region did not answer in time.
    /// </returns>
    private async Task<ClusterShardingStats?> Stats(string regionTypeName, CellNodes nodes, CancellationToken cancel)
    {
        try
        {
            var region = ClusterSharding.Get(system).ShardRegion(regionTypeName);
            var stats = await region.Ask<ClusterShardingStats>(new GetClusterShardingStats(options.AskTimeout), options.AskTimeout * 2, cancel);
            return nodes.Live.All(stats.Regions.ContainsKey) ? stats : null;
        }
        catch (Exception e) when (e is AskTimeoutException or ArgumentException)
        {
            return null;
        }
    }

    private NodeColor? ColorOf(Address node) =>
        Akka.Cluster.Cluster.Get(system).State.Members.FirstOrDefault(m => m.Address == node) is { } member ? CellNames.ColorOf(member.Roles) : null;
}
