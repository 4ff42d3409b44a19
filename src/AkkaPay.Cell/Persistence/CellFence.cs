using System.Collections.Concurrent;
using Akka.Actor;
using AkkaPay.Domain.Routing;

namespace AkkaPay.Cell.Persistence;

/// <summary>
/// The epoch this node writes each cell's journal with: the epoch of the newest routing table in which the node's
/// own site is the cell's active site. A node of another site holds none (0) for the cell, and a node whose site
/// lost the cell keeps the older epoch it had, so that its journal writes are refused once the new site raised the
/// epoch stored in the cell's database (<see cref="GroupCommit.GroupCommitJournal"/>). Such a node refuses them itself
/// as soon as it has seen the table that moved the cell (<see cref="Superseding"/>): its own site's copy of the
/// journal (a PostgreSQL primary cut off from the promoted standby) may never learn the new epoch.
/// </summary>
public sealed class CellFence : IExtension
{
    /// <summary>The epoch held for a cell this node never was active for: below every stored epoch.</summary>
    public static readonly CellEpoch None = new(0);

    private readonly ConcurrentDictionary<string, CellEpoch> _held = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CellEpoch> _newest = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Action> _onRaised = new(StringComparer.Ordinal);

    public static CellFence Get(ActorSystem system) => system.WithExtension<CellFence, CellFenceProvider>();

    public CellEpoch HeldFor(string cell) => _held.GetValueOrDefault(cell, None);

    /// <summary>The newer epoch under which another site took the cell over, as far as this node has seen; null while none did.</summary>
    public CellEpoch? Superseding(string cell) =>
        _newest.TryGetValue(cell, out var newest) && newest.Value > HeldFor(cell).Value ? newest : null;

    /// <summary>
    /// Takes the epochs of the cells whose active site in <paramref name="table"/> is one of <paramref name="ownSites"/>,
    /// and notes every cell's newest epoch; an epoch never goes down.
    /// </summary>
    public void Adopt(RoutingTable table, IReadOnlySet<string> ownSites)
    {
        foreach (var cell in table.Cells)
        {
            var epoch = table.EpochByCell[cell];
            _newest.AddOrUpdate(cell, epoch, (_, newest) => newest.Value >= epoch.Value ? newest : epoch);
            if (!ownSites.Contains(table.SiteByCell[cell])) continue;
            var before = HeldFor(cell);
            var now = _held.AddOrUpdate(cell, epoch, (_, held) => held.Value >= epoch.Value ? held : epoch);
            if (now.Value > before.Value && _onRaised.TryGetValue(cell, out var raised)) raised();
        }
    }

    /// <summary>Tells the cell's journal when the epoch it holds goes up, so it raises the stored one without waiting for a write.</summary>
    public void OnRaised(string cell, Action raised) => _onRaised[cell] = raised;
}

public sealed class CellFenceProvider : ExtensionIdProvider<CellFence>
{
    public override CellFence CreateExtension(ExtendedActorSystem system) => new();
}

/// <summary>A journal write refused because another site took the cell over under a newer epoch than this node holds.</summary>
public sealed class CellFencedException(string cell, CellEpoch held, CellEpoch newer)
    : Exception($"cell {cell}: this node writes with epoch {held}, another site took the cell over under epoch {newer}: nothing is written here");

/// <summary>What one journal group is written with: the cell's name and the epoch this node holds for it.</summary>
public sealed record JournalFence(string Cell, CellEpoch Held)
{
    /// <summary>For a journal that is no cell's (the routing table's): every stored epoch admits it.</summary>
    public static readonly JournalFence Unfenced = new("", new CellEpoch(long.MaxValue));

    /// <summary>Throws <see cref="CellFencedException"/> when the epoch stored in the cell's database is above the one held.</summary>
    public void Check(CellEpoch stored)
    {
        if (!Held.Admitted(stored)) throw new CellFencedException(Cell, Held, stored);
    }
}
