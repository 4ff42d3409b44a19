namespace AkkaPay.Domain.Routing;

/// <summary>The checks that every operator's change of the routing table (a shift, a failover) passes alike.</summary>
public static class OperatorChange
{
    public const string CellNotFound = "cell_not_found";
    public const string StaleVersion = "stale_version";

    /// <summary>The longest operator's note a change keeps.</summary>
    public const int ReasonLengthMax = 500;

    public static Rejection? UnknownCell(RoutingTable table, string cell) =>
        table.SiteByCell.ContainsKey(cell) ? null : new(CellNotFound, $"no cell '{cell}' in the routing table");

    public static Rejection? ReasonTooLong(string? reason) =>
        reason is { Length: > ReasonLengthMax } ? new(RejectionCodes.ValidationError, $"a reason is at most {ReasonLengthMax} characters") : null;

    /// <param name="change">What the operator asked for, as the advice to repeat it names it ("shift", "failover").</param>
    public static Rejection? Stale(RoutingTable table, long replacesVersion, string change) =>
        replacesVersion == table.Version
            ? null
            : new(StaleVersion, $"the routing table is at version {table.Version}, not {replacesVersion}: look again and repeat the {change}");
}
