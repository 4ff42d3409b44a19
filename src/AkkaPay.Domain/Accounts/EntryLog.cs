using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace AkkaPay.Domain.Accounts;

/// <summary>
/// The entries of one ledger: every posting ever booked, findable by posting id, and the newest entries themselves
/// (statements never show more). An immutable value whose successive versions share one append-only store:
/// appending to the newest version costs one entry, not a new path through a tree; appending to an older version
/// (a branch) copies what that version holds first, so every version keeps meaning exactly what it held. An
/// account's states form one line of versions, so it never copies there.
/// </summary>
/// <remarks>
/// Older postings are remembered by a 128-bit hash of their id (SHA-256, truncated), about 36 bytes each instead of
/// the entry, its two strings and its index slot (≈ 350 bytes): entries kept forever were most of what the garbage
/// collector carried. Two posting ids sharing a hash would make the second look booked; at 2^-128 per pair that
/// is far below any failure this system can otherwise have. Read a version on the thread that appends to its store;
/// hand other threads a copy.
/// </remarks>
public sealed class EntryLog
{
    /// <summary>How many of the newest entries are kept: what a statement may show.</summary>
    public const int RecentKept = 1_000;

    /// <summary>
    /// An empty log with a store of its own. Never share one empty log between ledgers: their first entries would go
    /// into one store, appended from as many threads (it was once a static instance, and corrupted its dictionary).
    /// </summary>
    public static EntryLog New() => Keeping(RecentKept);

    private readonly Store _store;

    private EntryLog(Store store, int count)
    {
        _store = store;
        Count = count;
    }

    /// <summary>A log keeping <paramref name="recentKept"/> entries (tests use small ones).</summary>
    public static EntryLog Keeping(int recentKept) => new(new Store(recentKept), 0);

    /// <summary>The log a snapshot describes: the postings booked before its entries, then its entries.</summary>
    public static EntryLog Restore(byte[] earlierPostings, IEnumerable<AccountEntry> entries)
    {
        var store = new Store(RecentKept);
        for (var offset = 0; offset < earlierPostings.Length; offset += PostingKey.Size) store.Remember(PostingKey.Read(earlierPostings, offset));
        foreach (var entry in entries) store.Add(entry);
        return new EntryLog(store, store.Total);
    }

    /// <summary>Every posting booked, the kept entries' included.</summary>
    public int Count { get; }

    /// <summary>The kept entries of this version, oldest first.</summary>
    public IReadOnlyList<AccountEntry> Recent => _store.Kept(Count, Count);

    /// <summary>The postings booked before <see cref="Recent"/>, for a snapshot (see <see cref="Restore"/>).</summary>
    public byte[] EarlierPostings()
    {
        var earlier = _store.KeptFrom(Count, Count);
        var keys = new byte[earlier * PostingKey.Size];
        foreach (var (key, position) in _store.PositionByKey)
            if (position < earlier) key.Write(keys, position * PostingKey.Size);
        return keys;
    }

    public EntryLog Append(AccountEntry entry)
    {
        if (Count == _store.Total)
        {
            _store.Add(entry);
            return new EntryLog(_store, Count + 1);
        }
        if (_store.KeptAt(Count) is { } next && next == entry) return new EntryLog(_store, Count + 1);   // a later version appended the same entry
        var branch = _store.CopyUpTo(Count);
        branch.Add(entry);
        return new EntryLog(branch, Count + 1);
    }

    /// <summary>Whether the posting is booked in this version; <paramref name="entry"/> is its entry while it is among the kept ones.</summary>
    public bool TryFind(string postingId, out AccountEntry? entry)
    {
        entry = null;
        if (!_store.PositionByKey.TryGetValue(PostingKey.Of(postingId), out var position) || position >= Count) return false;
        entry = position >= Count - _store.RecentKept ? _store.KeptAt(position) : null;
        return true;
    }

    /// <summary>The newest <paramref name="limit"/> entries (at most the kept ones), newest first, as a list of their own.</summary>
    public List<AccountEntry> Newest(int limit)
    {
        var kept = _store.Kept(Count, limit);
        var newest = new List<AccountEntry>(kept.Count);
        for (var i = kept.Count - 1; i >= 0; i--) newest.Add(kept[i]);
        return newest;
    }

    private sealed class Store(int recentKept)
    {
        public int RecentKept => recentKept;

        private readonly List<AccountEntry> _kept = [];

        /// <summary>The position of <c>_kept[0]</c> among every posting booked.</summary>
        private int _keptFrom;

        public Dictionary<PostingKey, int> PositionByKey { get; } = [];

        public int Total { get; private set; }

        /// <summary>A posting booked before every kept entry: only before the first entry is added.</summary>
        public void Remember(PostingKey key)
        {
            if (_kept.Count > 0) throw new InvalidOperationException("postings without their entries come before the kept entries");
            PositionByKey.Add(key, Total++);
            _keptFrom = Total;
        }

        public void Add(AccountEntry entry)
        {
            PositionByKey.Add(PostingKey.Of(entry.PostingId), Total++);
            _kept.Add(entry);
            // dropping in halves keeps the cost per entry constant; a version at most recentKept behind still sees all it kept
            if (_kept.Count < 2 * recentKept) return;
            _kept.RemoveRange(0, recentKept);
            _keptFrom += recentKept;
        }

        public AccountEntry? KeptAt(int position) => position >= _keptFrom && position - _keptFrom < _kept.Count ? _kept[position - _keptFrom] : null;

        /// <summary>Up to <paramref name="limit"/> of the newest entries a version of <paramref name="count"/> postings keeps, oldest first.</summary>
        public IReadOnlyList<AccountEntry> Kept(int count, int limit)
        {
            var from = KeptFrom(count, limit);
            return from >= count ? [] : _kept.GetRange(from - _keptFrom, count - from);
        }

        /// <summary>The position of the oldest of those entries (<paramref name="count"/> when there are none).</summary>
        public int KeptFrom(int count, int limit) => Math.Min(Math.Max(Math.Max(count - Math.Min(limit, recentKept), _keptFrom), 0), count);

        public Store CopyUpTo(int count)
        {
            var copy = new Store(recentKept);
            var keptFrom = Math.Min(Math.Max(_keptFrom, count - recentKept), count);
            foreach (var (key, position) in PositionByKey.Where(pair => pair.Value < keptFrom).OrderBy(pair => pair.Value)) copy.Remember(key);
            for (var position = keptFrom; position < count; position++) copy.Add(_kept[position - _keptFrom]);
            return copy;
        }
    }
}

/// <summary>A posting id's 128-bit hash: stable across processes and versions (it is stored in snapshots).</summary>
public readonly record struct PostingKey(ulong High, ulong Low)
{
    public const int Size = 16;

    public static PostingKey Of(string postingId)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var length = Encoding.UTF8.GetByteCount(postingId);
        Span<byte> utf8 = length <= 256 ? stackalloc byte[length] : new byte[length];
        Encoding.UTF8.GetBytes(postingId, utf8);
        SHA256.HashData(utf8, hash);
        return Read(hash);
    }

    public static PostingKey Read(ReadOnlySpan<byte> bytes, int offset = 0) =>
        new(BinaryPrimitives.ReadUInt64LittleEndian(bytes[offset..]), BinaryPrimitives.ReadUInt64LittleEndian(bytes[(offset + 8)..]));

    public void Write(byte[] bytes, int offset)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(offset), High);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(offset + 8), Low);
    }
}
