namespace AkkaPay.Domain.Routing;

/// <summary>One version of the routing table as operators read it: when it was adopted, why, and what it changed.</summary>
public sealed record RoutingHistoryEntry(long Version, DateTimeOffset At, string? Reason, IReadOnlyList<RoutingChange> Changes)
{
    /// <summary>The entry for <paramref name="next"/>; the first version (no <paramref name="previous"/>) changes nothing.</summary>
    public static RoutingHistoryEntry Of(RoutingTable? previous, RoutingTable next, DateTimeOffset at, string? reason) =>
        new(next.Version, at, reason, previous is null ? [] : next.ChangesFrom(previous));
}
