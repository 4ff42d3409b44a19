using AkkaPay.Domain.Routing;

namespace AkkaPay.Cell.Routing;

/// <summary>A routing table as it is journaled and replicated.</summary>
/// <param name="GreenPercentByCell">Absent in tables journaled before cells had green shares: those have the default.</param>
/// <param name="EpochByCell">Absent in tables journaled before cells had epochs: those are at the first.</param>
public sealed record RoutingTableRecord(
    long Version, IReadOnlyList<string> CellByBucket, IReadOnlyDictionary<string, string> SiteByCell,
    IReadOnlyDictionary<string, int>? GreenPercentByCell = null, IReadOnlyDictionary<string, long>? EpochByCell = null) : IAkkaPayMessage
{
    /// <remarks>Cells in order, so the same table always writes the same bytes.</remarks>
    public static RoutingTableRecord Of(RoutingTable table) =>
        new(table.Version, [.. table.CellByBucket],
            table.SiteByCell.OrderBy(pair => pair.Key, StringComparer.Ordinal).ToDictionary(),
            table.GreenPercentByCell.OrderBy(pair => pair.Key, StringComparer.Ordinal).ToDictionary(),
            table.EpochByCell.OrderBy(pair => pair.Key, StringComparer.Ordinal).ToDictionary(pair => pair.Key, pair => pair.Value.Value));

    public RoutingTable ToTable() => RoutingTable.Restore(Version, CellByBucket, SiteByCell, GreenPercentByCell, EpochByCell);
}

/// <summary>The keeper's one event: this table is now the cluster's routing table, for the operator's <see cref="Reason"/>.</summary>
public sealed record RoutingTableAdopted(RoutingTableRecord Table, DateTimeOffset At, string? Reason = null) : IAkkaPayMessage;

/// <summary>Replace the routing table by <see cref="Next"/>, whose version must be the current one + 1.</summary>
public sealed record ChangeRouting(RoutingTableRecord Next, string? Reason = null) : IAkkaPayMessage;

public sealed record RoutingChanged(long Version) : IAkkaPayMessage;

public sealed record RoutingChangeRefused(long CurrentVersion, string Reason) : IAkkaPayMessage;

/// <summary>Asks the keeper for the newest <see cref="Limit"/> versions of the table, newest first.</summary>
public sealed record GetRoutingHistory(int Limit) : IAkkaPayMessage;

public sealed record RoutingHistory(IReadOnlyList<RoutingHistoryEntry> Entries) : IAkkaPayMessage;
