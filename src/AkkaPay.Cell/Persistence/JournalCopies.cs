using System.Collections.Concurrent;
using Akka.Actor;
using Akka.DistributedData;

namespace AkkaPay.Cell.Persistence;

/// <summary>
/// Which sites' copies of a cell's journal hold every write it acknowledged, as the cell's node in its active site
/// last saw it: all of them when the sites share the journal (one SQLite file, one database), otherwise the sites
/// whose standby is the primary's synchronous standby now (PostgreSQL names a standby by its application_name, the
/// site's name). Replicated to every node, so it outlives the active site: after a site's loss it says what its
/// primary last had in sync, as a failover must know.
/// </summary>
public sealed record JournalCopiesRecord(string ActiveSite, bool Shared, IReadOnlyList<string> SynchronousSites) : IAkkaPayMessage
{
    public static LWWRegisterKey<JournalCopiesRecord> Key(string cell) => new($"journal-copies-{cell}");

    /// <summary>True when <paramref name="site"/>'s copy holds every write acknowledged while the cell was active in <paramref name="activeSite"/>.</summary>
    public bool HoldsEverythingFor(string activeSite, string site) =>
        ActiveSite == activeSite && (Shared || SynchronousSites.Contains(site));

    /// <summary>By value, the sites' list included: the same facts seen again are the same record.</summary>
    public bool Equals(JournalCopiesRecord? other) =>
        other is not null && ActiveSite == other.ActiveSite && Shared == other.Shared && SynchronousSites.SequenceEqual(other.SynchronousSites);

    public override int GetHashCode() => HashCode.Combine(ActiveSite, Shared, SynchronousSites.Count);
}

/// <summary>The newest <see cref="JournalCopiesRecord"/> of each cell this node has seen, kept by <see cref="JournalCopiesReplica"/>.</summary>
public sealed class JournalCopies : IExtension
{
    private readonly ConcurrentDictionary<string, JournalCopiesRecord> _byCell = new(StringComparer.Ordinal);

    public static JournalCopies Get(ActorSystem system) => system.WithExtension<JournalCopies, JournalCopiesProvider>();

    public JournalCopiesRecord? Of(string cell) => _byCell.GetValueOrDefault(cell);

    internal void Set(string cell, JournalCopiesRecord record) => _byCell[cell] = record;
}

public sealed class JournalCopiesProvider : ExtensionIdProvider<JournalCopies>
{
    public override JournalCopies CreateExtension(ExtendedActorSystem system) => new();
}

/// <summary>On every node: keeps <see cref="JournalCopies"/> up to date with each cell's replicated record.</summary>
public sealed class JournalCopiesReplica : ReceiveActor
{
    public JournalCopiesReplica(IReadOnlyCollection<string> cells)
    {
        var copies = JournalCopies.Get(Context.System);
        var cellByKey = cells.ToDictionary(cell => JournalCopiesRecord.Key(cell).Id);
        Receive<Changed>(changed => copies.Set(cellByKey[changed.Key.Id], changed.Get(JournalCopiesRecord.Key(cellByKey[changed.Key.Id])).Value));
        foreach (var cell in cells) DistributedData.Get(Context.System).Replicator.Tell(Dsl.Subscribe(JournalCopiesRecord.Key(cell), Self));
    }
}
