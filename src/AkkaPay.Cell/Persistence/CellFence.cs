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
    private readonly ConcurrentDictionary<(string Cell, string Listener), Action> _onRaised = new();
    private readonly ConcurrentDictionary<string, Action> _onSuperseded = new(StringComparer.Ordinal);

    public static CellFence Get(ActorSystem system) => system.WithExtension<CellFence, CellFenceProvider>();

    public CellEpoch HeldFor(string cell) => _held.GetValueOrDefault(cell, None);

    /// <summary>The newer epoch under which another site took the cell over, as far as this node has seen; null while none did.</summary>
    public CellEpoch? Superseding(string cell) =>
        _newest.TryGetValue(cell, out var newest) && newest.Value > HeldFor(cell).Value ? newest : null;

    /// <summary>
    /// Takes the epochs of the cells whose active site in <paramref name="table"/> is one of <paramref name="ownSites"/>,
    /// and notes every cell's newest epoch; an epoch never goes down. The held epoch goes up before the newest, so a
    /// table that makes this node's site active again never looks, even for a moment, like one that moved the cell away.
    /// </summary>
    public void Adopt(RoutingTable table, IReadOnlySet<string> ownSites)
    {
        foreach (var cell in table.Cells)
        {
            var epoch = table.EpochByCell[cell];
            if (ownSites.Contains(table.SiteByCell[cell]))
            {
                var before = HeldFor(cell);
                var now = _held.AddOrUpdate(cell, epoch, (_, held) => Newer(held, epoch));
                if (now.Value > before.Value)
                    foreach (var listener in _onRaised.Where(listener => listener.Key.Cell == cell)) listener.Value();
            }
            _newest.AddOrUpdate(cell, epoch, (_, newest) => Newer(newest, epoch));
            if (Superseding(cell) is not null && _onSuperseded.TryGetValue(cell, out var superseded)) superseded();
        }
    }

    private static CellEpoch Newer(CellEpoch a, CellEpoch b) => a.Value >= b.Value ? a : b;

    /// <summary>
    /// Tells <paramref name="raised"/> each time the epoch this node holds for the cell goes up (its site takes the cell
    /// over), and at once when the node holds one already (the table may have arrived before the listener started):
    /// the cell's journal raises the stored epoch without waiting for a write, its payment resumer wakes what is pending.
    /// A listener registering again under its <paramref name="listener"/> name (restarted) replaces its earlier self.
    /// </summary>
    public void OnRaised(string cell, string listener, Action raised)
    {
        _onRaised[(cell, listener)] = raised;
        if (HeldFor(cell).Value > None.Value) raised();
    }

    /// <summary>Tells the cell's journal when this node sees the cell taken over by another site, so it gives up the write in flight.</summary>
    public void OnSuperseded(string cell, Action superseded) => _onSuperseded[cell] = superseded;
}

public sealed class CellFenceProvider : ExtensionIdProvider<CellFence>
{
    public override CellFence CreateExtension(ExtendedActorSystem system) => new();
}

/// <summary>A journal write refused because another site took the cell over under a newer epoch than this node holds.</summary>
public sealed class CellFencedException(string cell, CellEpoch held, CellEpoch newer)
    : Exception($"cell {cell}: this node writes with epoch {held}, another site took the cell over under epoch {newer}: nothing is written here");

/// <summary>
/// What one journal group is written with: the cell's name, the epoch this node holds for it, and a token cancelled
/// when this node sees the cell taken over by another site while the group is written.
/// </summary>
public sealed record JournalFence(string Cell, CellEpoch Held, CancellationToken Superseded)
{
    /// <summary>For a journal that is no cell's (the routing table's): every stored epoch admits it.</summary>
    public static readonly JournalFence Unfenced = new("", new CellEpoch(long.MaxValue), CancellationToken.None);

    /// <summary>Throws <see cref="CellFencedException"/> when the epoch stored in the cell's database is above the one held.</summary>
    public void Check(CellEpoch stored)
    {
        if (!Held.Admitted(stored)) throw new CellFencedException(Cell, Held, stored);
    }
}
