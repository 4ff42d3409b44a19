using AkkaPay.Domain.Routing;

namespace AkkaPay.Cell.Routing;

/// <summary>A routing table as it is journaled and replicated.</summary>
public sealed record RoutingTableRecord(long Version, IReadOnlyList<string> CellByBucket, IReadOnlyDictionary<string, string> SiteByCell) : IAkkaPayMessage
{
    /// <remarks>Cells in order, so the same table always writes the same bytes.</remarks>
    public static RoutingTableRecord Of(RoutingTable table) =>
        new(table.Version, [.. table.CellByBucket], table.SiteByCell.OrderBy(pair => pair.Key, StringComparer.Ordinal).ToDictionary());

    public RoutingTable ToTable() => RoutingTable.Restore(Version, CellByBucket, SiteByCell);
}

/// <summary>The keeper's one event: this table is now the cluster's routing table.</summary>
public sealed record RoutingTableAdopted(RoutingTableRecord Table, DateTimeOffset At) : IAkkaPayMessage;

/// <summary>Replace the routing table by <see cref="Next"/>, whose version must be the current one + 1.</summary>
public sealed record ChangeRouting(RoutingTableRecord Next) : IAkkaPayMessage;

public sealed record RoutingChanged(long Version) : IAkkaPayMessage;

public sealed record RoutingChangeRefused(long CurrentVersion, string Reason) : IAkkaPayMessage;
