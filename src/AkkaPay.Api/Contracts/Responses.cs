namespace AkkaPay.Api.Contracts;

public sealed record AccountResponse(string AccountId, string Cell, string Type, string Currency, long Balance, bool Hot, int SubAccounts);

public sealed record EntryResponse(string PaymentId, long Amount, long BalanceAfter, DateTimeOffset At);

public sealed record EntriesResponse(IReadOnlyList<EntryResponse> Entries);

public sealed record PaymentResultResponse(string PaymentId, string Status, long? Fee);

public sealed record PaymentStepResponse(string Step, DateTimeOffset At, string? Detail);

public sealed record PaymentFailureResponse(string Code, string Detail);

public sealed record PaymentResponse(
    string PaymentId,
    string Kind,
    string Status,
    long Amount,
    string Currency,
    string From,
    string To,
    long Fee,
    long Refunded,
    string? RefundOf,
    string? Channel,
    string? OrderId,
    string TraceId,
    PaymentFailureResponse? Failure,
    IReadOnlyList<PaymentStepResponse> History);

public sealed record HealthResponse(string Status, string? Detail);

/// <summary>RFC 7807 problem details, with AkkaPay's stable <see cref="Code"/> and the request's trace id.</summary>
public sealed record Problem(string Type, string Title, int Status, string Detail, string Code, string TraceId, string? PaymentId = null);

/// <param name="PendingPayments">Payments of the cell not yet finished; null where its journal keeps no list of them.</param>
public sealed record CellAuditResponse(string Cell, Int128 Sum, Int128 InTransit, int Accounts, IReadOnlyList<string> CustomersBelowZero, int? PendingPayments);

/// <summary>
/// Σ of every balance of every cell (in-transit accounts included), the money in transit, whether the ledger
/// balances, and the payments not yet finished in the cells that list them.
/// </summary>
public sealed record LedgerAuditResponse(
    Int128 Total, Int128 InTransit, bool Balanced, int PendingPayments, IReadOnlyList<CellAuditResponse> Cells, IReadOnlyList<string> UnavailableCells);

/// <param name="Color">blue or green; none for a node without a color role.</param>
/// <param name="AppVersion">The build the node runs (Akka's app-version).</param>
public sealed record MemberResponse(string Address, string Status, IReadOnlyList<string> Roles, bool Reachable, string Color = "none", string AppVersion = "");

public sealed record ClusterResponse(string Self, string? Leader, IReadOnlyList<MemberResponse> Members);

/// <summary>
/// One site: the cells active in it (by the routing table), its members, and whether it is <see cref="Live"/>: at
/// least one of its members is Up and reachable from the node that answers.
/// </summary>
public sealed record SiteResponse(string Site, bool Live, IReadOnlyList<string> ActiveCells, IReadOnlyList<MemberResponse> Nodes);

public sealed record SitesResponse(long RoutingVersion, IReadOnlyList<SiteResponse> Sites);

public sealed record CellResponse(string Cell, string Site, IReadOnlyList<string> Buckets, IReadOnlyList<string> Nodes);

public sealed record CellsResponse(long RoutingVersion, IReadOnlyList<CellResponse> Cells);

public sealed record RegionShardsResponse(string Region, string Node, string Color, int Shards, int Entities);

public sealed record ShardsResponse(string Cell, IReadOnlyList<RegionShardsResponse> Regions);

/// <summary>
/// One cell in full: its routing, the members that host it, its shards and its ledger. The last two are left out
/// when the cell does not answer, so they default to null when read.
/// </summary>
public sealed record CellDetailResponse(
    string Cell,
    string Site,
    IReadOnlyList<string> Buckets,
    long RoutingVersion,
    IReadOnlyList<MemberResponse> Nodes,
    IReadOnlyList<RegionShardsResponse>? Shards = null,
    CellAuditResponse? Ledger = null);

/// <summary>
/// A cell's traffic. <see cref="BluePercent"/> and <see cref="GreenPercent"/>: the share of its account shards that
/// blue and green nodes host now. <see cref="TargetGreenPercent"/>: the routing table's share for green, which
/// <see cref="PlannedGreenPercent"/> achieves in whole shards. <see cref="ShardsMoving"/>: shards of the cell's
/// regions still on the wrong color (0 when a shift is done). <see cref="Note"/> says when a color has no live node.
/// </summary>
public sealed record CellTrafficResponse(
    string Cell, string Site, int BluePercent, int GreenPercent, int Shards,
    int TargetGreenPercent, double PlannedGreenPercent, int ShardsMoving, IReadOnlyList<string> LiveColors, string? Note = null);

public sealed record TrafficResponse(long RoutingVersion, IReadOnlyList<CellTrafficResponse> Cells);

/// <summary>A failover adopted: the cell is active in <see cref="Site"/> under <see cref="Epoch"/> from this routing table version on.</summary>
public sealed record TrafficFailoverResponse(string Cell, long RoutingVersion, string FromSite, string Site, long Epoch);

/// <summary>The answer to a traffic shift: the routing table version that carries it and what it achieves in whole shards.</summary>
public sealed record TrafficShiftResponse(string Cell, long RoutingVersion, int TargetGreenPercent, double PlannedGreenPercent, bool Changed);

public sealed record RoutingChangeResponse(string Cell, string What, string From, string To);

public sealed record RoutingHistoryEntryResponse(long Version, DateTimeOffset At, IReadOnlyList<RoutingChangeResponse> Changes, string? Reason = null);

/// <summary>The routing table's versions, newest first.</summary>
public sealed record TrafficHistoryResponse(IReadOnlyList<RoutingHistoryEntryResponse> Versions);
