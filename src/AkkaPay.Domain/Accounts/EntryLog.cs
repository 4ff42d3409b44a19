using System.Collections;

namespace AkkaPay.Domain.Accounts;

/// <summary>
/// The entries of one ledger, oldest first, findable by posting id: an immutable value whose successive versions
/// share one append-only store. Appending to the newest version costs one entry, not a new path through a tree;
/// appending to an older version (a branch) copies that version's entries first, so every version keeps meaning
/// exactly what it held. An account's states form one line of versions, so it never copies there.
/// </summary>
/// <remarks>Read a version on the thread that appends to its store; hand other threads a copy.</remarks>
public sealed class EntryLog : IReadOnlyList<AccountEntry>
{
    public static readonly EntryLog Empty = new(new Store(), 0);

    private readonly Store _store;

    private EntryLog(Store store, int count)
    {
        _store = store;
        Count = count;
    }

    public static EntryLog Of(IEnumerable<AccountEntry> entries) => entries.Aggregate(new EntryLog(new Store(), 0), (log, entry) => log.Append(entry));

    public int Count { get; }

    public AccountEntry this[int index] => (uint)index < (uint)Count ? _store.Entries[index] : throw new ArgumentOutOfRangeException(nameof(index));

    public EntryLog Append(AccountEntry entry)
    {
        if (Count == _store.Entries.Count)
        {
            _store.Add(entry);
            return new EntryLog(_store, Count + 1);
        }
        if (_store.Entries[Count] == entry) return new EntryLog(_store, Count + 1);   // a later version appended the same entry
        var branch = new Store();
        for (var i = 0; i < Count; i++) branch.Add(_store.Entries[i]);
        branch.Add(entry);
        return new EntryLog(branch, Count + 1);
    }

    public bool TryFind(string postingId, out AccountEntry entry)
    {
        if (_store.IndexByPosting.TryGetValue(postingId, out var index) && index < Count)
        {
            entry = _store.Entries[index];
            return true;
        }
        entry = null!;
        return false;
    }

    /// <summary>The newest <paramref name="limit"/> entries, newest first, as a list of their own.</summary>
    public List<AccountEntry> Newest(int limit)
    {
        var newest = new List<AccountEntry>(Math.Min(limit, Count));
        for (var i = Count - 1; i >= 0 && newest.Count < limit; i--) newest.Add(_store.Entries[i]);
        return newest;
    }

    public IEnumerator<AccountEntry> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return _store.Entries[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private sealed class Store
    {
        public List<AccountEntry> Entries { get; } = [];
        public Dictionary<string, int> IndexByPosting { get; } = new(StringComparer.Ordinal);

        public void Add(AccountEntry entry)
        {
            IndexByPosting.Add(entry.PostingId, Entries.Count);
            Entries.Add(entry);
        }
    }
}
