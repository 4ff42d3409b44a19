namespace AkkaPay.Domain.Routing;

/// <summary>An operator's request to give <see cref="Cell"/>'s green nodes <see cref="GreenPercent"/> of its shards.</summary>
/// <param name="ReplacesVersion">The routing table version the operator looked at: a change to any other version is refused as stale.</param>
public sealed record TrafficShift(string Cell, int GreenPercent, long ReplacesVersion, string? Reason)
{
    public const string ColorNotLive = "color_not_live";
    public const string ShiftInProgress = "shift_in_progress";

    /// <summary>Why <paramref name="table"/> cannot take this shift, or null.</summary>
    public Rejection? RefusedBy(RoutingTable table) =>
        OperatorChange.UnknownCell(table, Cell)
        ?? (RoutingTable.IsShare(GreenPercent) ? null : new Rejection(RejectionCodes.ValidationError, $"green must be 0–100, not {GreenPercent}"))
        ?? OperatorChange.ReasonTooLong(Reason)
        ?? OperatorChange.Stale(table, ReplacesVersion, "shift");

    /// <summary>
    /// Why the cell's nodes cannot follow this shift now, or null: shards would move toward a color with no live
    /// node of the cell in its active site, or an earlier shift of the cell has not finished moving.
    /// </summary>
    public Rejection? RefusedByNodes(RoutingTable table, IReadOnlyCollection<NodeColor> liveColors, int shardsMoving)
    {
        var current = table.GreenPercentByCell[Cell];
        var toward = GreenPercent > current ? NodeColor.Green : NodeColor.Blue;
        if (GreenPercent != current && !liveColors.Contains(toward))
            return new(ColorNotLive, $"cell {Cell} has no live {toward.Name()} node in site {table.SiteByCell[Cell]}: shards cannot move to {toward.Name()}");
        if (shardsMoving > 0)
            return new(ShiftInProgress, $"cell {Cell} still has {shardsMoving} shard(s) moving from an earlier shift; wait for it to finish");
        return null;
    }

    /// <summary>The table after this shift (the same version when the share does not change).</summary>
    public RoutingTable ApplyTo(RoutingTable table) =>
        table.GreenPercentByCell[Cell] == GreenPercent ? table : table.WithGreenPercent(Cell, GreenPercent);
}
