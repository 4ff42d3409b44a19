using AkkaPay.Api.Contracts;
using AkkaPay.Api.Http;
using AkkaPay.Cell.Hosting;
using AkkaPay.Cell.Routing;
using AkkaPay.Domain;
using AkkaPay.Domain.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AkkaPay.Api.Endpoints;

/// <summary>The operators' traffic operations: where each cell's shards are, shifting a cell between blue and green, the routing table's history.</summary>
public static class TrafficEndpoints
{
    public const int HistoryLimitDefault = 100;

    private static readonly Rejection ShardsNotAnswering = new(RejectionCodes.CellUnavailable,
        "a cell's shard regions did not say in time where their shards are; retry");

    private static readonly Rejection KeeperNotAnswering = new(RejectionCodes.CellUnavailable,
        "the routing-table keeper did not answer in time; retry");

    public static RouteGroupBuilder MapTrafficEndpoints(this RouteGroupBuilder routed)
    {
        routed.MapGet("/traffic", async (HttpContext http, ClusterInspector inspector) =>
            await inspector.Traffic(http.RequestAborted) is { } traffic
                ? Results.Json(traffic, ApiJsonContext.Default.TrafficResponse)
                : Problems.From(http, ShardsNotAnswering));
        routed.MapPost("/traffic/{cell}/shift", Shift);
        routed.MapPost("/traffic/{cell}/failover", Failover);
        routed.MapGet("/traffic/history", History);
        return routed;
    }

    /// <summary>
    /// Checks the shift against this node's table and the cell's live nodes, then has the keeper adopt the next
    /// version; the keeper refuses it when another change came first. The answer comes once the table changed:
    /// shards move after it, and GET /admin/traffic shows them moving.
    /// </summary>
    private static async Task<IResult> Shift(HttpContext http, ClusterInspector inspector, CellDirectory cells, RoutingTableClient keeper, string cell)
    {
        var (body, unread) = await StrictJson.ReadAsync(http.Request, ApiJsonContext.Default.TrafficShiftRequest);
        if (body is null) return Problems.From(http, unread!);
        var shift = new TrafficShift(cell, body.GreenPercent, body.ReplacesVersion, body.Reason);
        var table = cells.Routing;
        if (shift.RefusedBy(table) is { } refused) return Problems.From(http, refused);
        if (await inspector.ShardsMoving(cell, http.RequestAborted) is not { } moving) return Problems.From(http, ShardsNotAnswering);
        if (shift.RefusedByNodes(table, inspector.NodesOf(cell).LiveColors, moving) is { } notNow) return Problems.From(http, notNow);

        var next = shift.ApplyTo(table);
        if (next == table) return Answer(next, changed: false);
        return await Adopt(http, keeper, next, shift.Reason, "shift") ?? Answer(next, changed: true);

        IResult Answer(RoutingTable adopted, bool changed) => Results.Json(
            new TrafficShiftResponse(cell, adopted.Version, adopted.GreenPercentByCell[cell], ColorPlacement.AchievedGreenPercent(adopted, cell), changed),
            ApiJsonContext.Default.TrafficShiftResponse);
    }

    /// <summary>
    /// Checks the failover against this node's table and what its view of the cluster says of both sites, then has the
    /// keeper adopt the next version, whose raised epoch fences the old site's journal writes (ADR 12). The answer comes
    /// once the table changed: the shards move to the target site after it.
    /// </summary>
    private static async Task<IResult> Failover(HttpContext http, ClusterInspector inspector, CellDirectory cells, RoutingTableClient keeper, ApiOptions options, string cell)
    {
        var (body, unread) = await StrictJson.ReadAsync(http.Request, ApiJsonContext.Default.TrafficFailoverRequest);
        if (body is null) return Problems.From(http, unread!);
        var failover = new CellFailover(cell, body.ToSite, body.ReplacesVersion, body.Reason, body.Force);
        var table = cells.Routing;
        if (failover.RefusedBy(table, options.Sites) is { } refused) return Problems.From(http, refused);
        if (failover.RefusedBySites(inspector.SiteFactsFor(cell, failover.ToSite)) is { } notNow) return Problems.From(http, notNow);

        var next = failover.ApplyTo(table);
        return await Adopt(http, keeper, next, failover.Reason, "failover")
            ?? Results.Json(new TrafficFailoverResponse(cell, next.Version, table.SiteByCell[cell], next.SiteByCell[cell], next.EpochByCell[cell].Value),
                ApiJsonContext.Default.TrafficFailoverResponse);
    }

    /// <returns>The problem to answer when the keeper did not adopt <paramref name="next"/>; null when it did.</returns>
    private static async Task<IResult?> Adopt(HttpContext http, RoutingTableClient keeper, RoutingTable next, string? reason, string change) =>
        await keeper.Change(next, reason, http.RequestAborted) switch
        {
            RoutingChanged => null,
            RoutingChangeRefused stale => Problems.From(http, new Rejection(OperatorChange.StaleVersion, stale.Reason)),
            _ => Problems.From(http, new Rejection(RejectionCodes.CellUnavailable,
                $"the routing-table keeper did not answer in time; GET /admin/traffic/history shows whether the {change} was made")),
        };

    /// <summary>The table's versions, newest first; with ?cell= only those that changed the cell (and the first).</summary>
    private static async Task<IResult> History(HttpContext http, ClusterInspector inspector, RoutingTableClient keeper)
    {
        var cell = http.Request.Query["cell"].ToString();
        if (cell.Length > 0 && inspector.UnknownCell(cell) is { } unknown) return Problems.From(http, unknown);
        var limitText = http.Request.Query["limit"].ToString();
        var limit = HistoryLimitDefault;
        if (limitText.Length > 0 && (!int.TryParse(limitText, out limit) || limit < 1 || limit > RoutingTableKeeper.HistoryKeptMax))
            return Problems.Validation(http, $"limit must be 1–{RoutingTableKeeper.HistoryKeptMax}");
        if (await keeper.History(http.RequestAborted) is not { } history) return Problems.From(http, KeeperNotAnswering);
        var versions = history.Entries
            .Where(entry => cell.Length == 0 || entry.Changes.Count == 0 || entry.Changes.Any(change => change.Cell == cell))
            .Take(limit)
            .Select(entry => new RoutingHistoryEntryResponse(entry.Version, entry.At,
                [.. entry.Changes.Select(change => new RoutingChangeResponse(change.Cell, change.What, change.From, change.To))], entry.Reason))
            .ToList();
        return Results.Json(new TrafficHistoryResponse(versions), ApiJsonContext.Default.TrafficHistoryResponse);
    }
}
