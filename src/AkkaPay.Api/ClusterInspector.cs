using AkkaPay.Domain.Routing;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using AkkaPay.Api.Contracts;
using AkkaPay.Cell.Hosting;

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
            m.Address.ToString(), m.Status.ToString(), m.Roles.Order().ToList(), !state.Unreachable.Contains(m))).ToList();
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

    public bool IsCell(string cell) => cells.Routing.SiteByCell.ContainsKey(cell);

    /// <summary>Shards and entities per node for the cell's account and payment regions (Akka's cluster sharding stats).</summary>
    public async Task<ShardsResponse?> Shards(string cell, CancellationToken cancel)
    {
        var regions = new List<RegionShardsResponse>();
        foreach (var (kind, region) in new[] { ("account", CellNames.AccountRegion(cell)), ("payment", CellNames.PaymentRegion(cell)) })
        {
            var stats = await Stats(region, cancel);
            if (stats is null) return null;
            regions.AddRange(stats.Regions.Select(pair => new RegionShardsResponse(
                kind, pair.Key.ToString(), ColorOf(pair.Key)?.Name() ?? "none", pair.Value.Stats.Count, pair.Value.Stats.Values.Sum())));
        }
        return new ShardsResponse(cell, regions.OrderBy(r => r.Region).ThenBy(r => r.Node).ToList());
    }

    /// <summary>For each cell: its site and the share of its account shards on blue and on green nodes.</summary>
    public async Task<TrafficResponse?> Traffic(CancellationToken cancel)
    {
        var result = new List<CellTrafficResponse>();
        foreach (var cell in cells.Routing.Cells)
        {
            var stats = await Stats(CellNames.AccountRegion(cell), cancel);
            if (stats is null) return null;
            var byColor = stats.Regions.ToLookup(pair => ColorOf(pair.Key), pair => pair.Value.Stats.Count);
            var shards = byColor.Sum(color => color.Sum());
            int Percent(NodeColor color) => shards == 0 ? 0 : (int)Math.Round(100.0 * byColor[color].Sum() / shards);
            result.Add(new CellTrafficResponse(cell, cells.Routing.SiteByCell[cell], Percent(NodeColor.Blue), Percent(NodeColor.Green), shards));
        }
        return new TrafficResponse(cells.Routing.Version, result);
    }

    private async Task<ClusterShardingStats?> Stats(string regionTypeName, CancellationToken cancel)
    {
        try
        {
            var region = ClusterSharding.Get(system).ShardRegion(regionTypeName);
            return await region.Ask<ClusterShardingStats>(new GetClusterShardingStats(options.AskTimeout), options.AskTimeout * 2, cancel);
        }
        catch (Exception e) when (e is AskTimeoutException or ArgumentException)
        {
            return null;
        }
    }

    private NodeColor? ColorOf(Address node) =>
        Akka.Cluster.Cluster.Get(system).State.Members.FirstOrDefault(m => m.Address == node) is { } member ? CellNames.ColorOf(member.Roles) : null;
}
