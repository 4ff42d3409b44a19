using AkkaPay.Cell.Persistence;
using AkkaPay.Chaos.Faults;

namespace AkkaPay.Host.Chaos;

/// <summary>
/// What faults can hit in a topology: each cell's nodes, whether it has both colors in its site, its sites, and
/// whether it journals on PostgreSQL (a server the run starts, and can stall).
/// </summary>
public static class ChaosTargets
{
    public static FaultTargets Of(Topology.Topology topology) => new([.. topology.Cells.Select(cell =>
    {
        var nodes = topology.Nodes.Where(n => n.HostedCells.Contains(cell.Id)).ToList();
        string SiteOf(Topology.NodeEntry node) => node.SiteIn(topology.Sites, _ => cell.Site);
        var colorsInItsSite = nodes.Where(n => SiteOf(n) == cell.Site).Select(n => n.NodeColor).Distinct().Count();
        return new CellTarget(cell.Id, [.. nodes.Select(n => n.Name)], colorsInItsSite > 1, [.. nodes.Select(SiteOf).Distinct()],
            OnDatabaseServer: cell.Journal.Provider == JournalProvider.Postgres);
    })]);
}
