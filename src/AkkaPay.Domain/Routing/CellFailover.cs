namespace AkkaPay.Domain.Routing;

/// <summary>An operator's (or the keeper's own) request to make <see cref="ToSite"/> the active site of <see cref="Cell"/>.</summary>
/// <param name="ReplacesVersion">The routing table version the request was made against: a change to any other version is refused as stale.</param>
/// <param name="Force">Fail over although the active site still looks healthy or the target's journal copy is not known to be caught up.</param>
public sealed record CellFailover(string Cell, string ToSite, long ReplacesVersion, string? Reason, bool Force)
{
    public const string SiteNotFound = "site_not_found";
    public const string AlreadyActive = "already_active";
    public const string SiteNotLive = "site_not_live";
    public const string ActiveSiteHealthy = "active_site_healthy";
    public const string JournalBehind = "journal_behind";

    /// <summary>Why <paramref name="table"/> cannot take this failover, or null.</summary>
    /// <param name="sites">The sites the topology names.</param>
    public Rejection? RefusedBy(RoutingTable table, IReadOnlyCollection<string> sites) =>
        OperatorChange.UnknownCell(table, Cell)
        ?? (sites.Contains(ToSite) ? null : new Rejection(SiteNotFound, $"no site '{ToSite}' in the topology (sites: {string.Join(", ", sites)})"))
        ?? OperatorChange.ReasonTooLong(Reason)
        ?? (table.SiteByCell[Cell] == ToSite ? new Rejection(AlreadyActive, $"cell {Cell} is already active in {ToSite}") : null)
        ?? OperatorChange.Stale(table, ReplacesVersion, "failover");

    /// <summary>
    /// Why the sites cannot take this failover now, or null. A target site without a live node of the cell is always
    /// refused (nothing would serve); without <see cref="Force"/>, so is a failover away from an active site that is
    /// still healthy and reachable, or onto a journal copy that is not known to hold every acknowledged write.
    /// </summary>
    public Rejection? RefusedBySites(SiteFacts facts)
    {
        if (!facts.TargetHasLiveNode) return new(SiteNotLive, $"site {ToSite} has no live node of cell {Cell}: nothing there could serve it");
        if (Force) return null;
        if (facts.ActiveSiteHealthy)
            return new(ActiveSiteHealthy, $"cell {Cell}'s active site still has a live, reachable node: fail over with --force to move it anyway");
        if (!facts.TargetJournalCaughtUp)
            return new(JournalBehind, $"the journal copy of cell {Cell} in {ToSite} is not known to be caught up: --force accepts losing what it lacks");
        return null;
    }

    /// <summary>The table after this failover: the cell active in <see cref="ToSite"/> under its next epoch.</summary>
    public RoutingTable ApplyTo(RoutingTable table) => table.WithSite(Cell, ToSite);
}

/// <summary>What the cluster knows about a cell's sites when a failover is asked for.</summary>
/// <param name="TargetHasLiveNode">The target site has an Up, reachable node of the cell.</param>
/// <param name="ActiveSiteHealthy">The active site has an Up, reachable node of the cell.</param>
/// <param name="TargetJournalCaughtUp">The target site's copy of the cell's journal holds every committed write (the same file, or a synchronous standby in sync).</param>
public sealed record SiteFacts(bool TargetHasLiveNode, bool ActiveSiteHealthy, bool TargetJournalCaughtUp);
