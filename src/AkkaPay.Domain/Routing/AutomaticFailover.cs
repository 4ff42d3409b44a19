namespace AkkaPay.Domain.Routing;

/// <summary>
/// When the routing-table keeper fails a cell over by itself: the cell's active site has had no live node of the
/// cell for the cell's configured time without a break, and another site has one (the first such site in the
/// topology's order). It only says which failovers are due; each is checked like an operator's
/// (<see cref="CellFailover.RefusedBy"/>, <see cref="CellFailover.RefusedBySites"/>) before it is made.
/// </summary>
/// <param name="afterByCell">The cells with automatic failover, each with how long its active site may have no live node.</param>
/// <param name="sites">The topology's sites, in its order.</param>
public sealed class AutomaticFailover(IReadOnlyDictionary<string, TimeSpan> afterByCell, IReadOnlyList<string> sites)
{
    private readonly Dictionary<string, DateTimeOffset> _noLiveNodeSince = new(StringComparer.Ordinal);

    public bool WatchesAnyCell => afterByCell.Count > 0;

    /// <param name="siteHasLiveNode">Whether a site has a live node of a cell now: (cell, site) → live.</param>
    /// <returns>The failovers due now, against <paramref name="table"/>'s version.</returns>
    public IReadOnlyList<CellFailover> Due(RoutingTable table, Func<string, string, bool> siteHasLiveNode, DateTimeOffset now)
    {
        var due = new List<CellFailover>();
        foreach (var (cell, after) in afterByCell.Where(watched => table.Cells.Contains(watched.Key)))
        {
            var active = table.SiteByCell[cell];
            if (siteHasLiveNode(cell, active))
            {
                _noLiveNodeSince.Remove(cell);
                continue;
            }
            var since = _noLiveNodeSince.TryGetValue(cell, out var first) ? first : _noLiveNodeSince[cell] = now;
            if (now - since < after) continue;
            if (sites.FirstOrDefault(site => site != active && siteHasLiveNode(cell, site)) is not { } target) continue;
            due.Add(new CellFailover(cell, target, table.Version,
                $"automatic: no live node of {cell} in {active} for {after.TotalSeconds:0.#} s", Force: false));
        }
        return due;
    }
}
