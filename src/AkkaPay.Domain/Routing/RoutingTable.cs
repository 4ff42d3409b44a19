using System.Collections.Immutable;
using AkkaPay.Domain.Accounts;

namespace AkkaPay.Domain.Routing;

/// <summary>
/// Which cell owns each bucket, which site each cell is active in, and which share of each cell's shards its
/// green nodes host (blue hosts the rest). Versioned: every change makes a higher version, so nodes can tell a
/// newer table from an older one.
/// </summary>
public sealed record RoutingTable
{
    /// <summary>A cell's green share until an operator shifts it: both halves serve, as after a finished release.</summary>
    public const int DefaultGreenPercent = 50;

    private RoutingTable(long version, ImmutableArray<string> cellByBucket, ImmutableDictionary<string, string> siteByCell, ImmutableDictionary<string, int> greenPercentByCell)
    {
        Version = version;
        CellByBucket = cellByBucket;
        SiteByCell = siteByCell;
        GreenPercentByCell = greenPercentByCell;
    }

    public long Version { get; }
    public ImmutableArray<string> CellByBucket { get; }
    public ImmutableDictionary<string, string> SiteByCell { get; }

    /// <summary>Per cell, the share (0–100) of its shards that green nodes should host.</summary>
    public ImmutableDictionary<string, int> GreenPercentByCell { get; }

    public IEnumerable<string> Cells => SiteByCell.Keys.Order(StringComparer.Ordinal);

    public string CellOf(Bucket bucket) => CellByBucket[bucket.Value];

    public string CellOf(AccountId account) => CellOf(account.Bucket);

    public IEnumerable<BucketRange> RangesOf(string cell)
    {
        var buckets = Enumerable.Range(0, Bucket.Count).Where(b => CellByBucket[b] == cell).ToList();
        for (var i = 0; i < buckets.Count;)
        {
            var first = buckets[i];
            while (i + 1 < buckets.Count && buckets[i + 1] == buckets[i] + 1) i++;
            yield return new BucketRange(first, buckets[i++]);
        }
    }

    /// <summary>The cell's buckets in ascending order: its shards, in the order <see cref="ColorPlacement"/> hands them to green.</summary>
    public IReadOnlyList<Bucket> BucketsOf(string cell) =>
        [.. Enumerable.Range(0, Bucket.Count).Where(b => CellByBucket[b] == cell).Select(b => new Bucket(b))];

    /// <summary>Version 1 of a table whose cells cover every bucket exactly once; anything else is refused.</summary>
    public static RoutingTable Create(IReadOnlyDictionary<string, IReadOnlyList<BucketRange>> rangesByCell, IReadOnlyDictionary<string, string> siteByCell)
    {
        var problems = BucketCoverage.Problems(rangesByCell);
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems), nameof(rangesByCell));
        if (!rangesByCell.Keys.All(siteByCell.ContainsKey)) throw new ArgumentException("every cell needs a site", nameof(siteByCell));

        var cellByBucket = new string[Bucket.Count];
        foreach (var (cell, ranges) in rangesByCell)
            foreach (var bucket in ranges.SelectMany(range => range.Buckets))
                cellByBucket[bucket] = cell;
        return new RoutingTable(1, [.. cellByBucket], siteByCell.ToImmutableDictionary(), DefaultGreenShares(rangesByCell.Keys));
    }

    private static ImmutableDictionary<string, int> DefaultGreenShares(IEnumerable<string> cells) =>
        cells.ToImmutableDictionary(cell => cell, _ => DefaultGreenPercent);

    /// <summary>
    /// A version read back from storage or received from another node; a table that is not whole is refused. A cell
    /// without a green share (a table journaled before shares existed) has <see cref="DefaultGreenPercent"/>.
    /// </summary>
    public static RoutingTable Restore(
        long version, IReadOnlyList<string> cellByBucket, IReadOnlyDictionary<string, string> siteByCell, IReadOnlyDictionary<string, int>? greenPercentByCell = null)
    {
        if (version < 1) throw new ArgumentOutOfRangeException(nameof(version), version, "versions start at 1");
        if (cellByBucket.Count != Bucket.Count) throw new ArgumentException($"a routing table names a cell for each of the {Bucket.Count} buckets", nameof(cellByBucket));
        if (cellByBucket.FirstOrDefault(cell => !siteByCell.ContainsKey(cell)) is { } orphan) throw new ArgumentException($"cell {orphan} has no site", nameof(siteByCell));
        var shares = DefaultGreenShares(siteByCell.Keys).SetItems(greenPercentByCell?.Where(pair => siteByCell.ContainsKey(pair.Key)) ?? []);
        if (shares.FirstOrDefault(pair => !IsShare(pair.Value)) is { Key: not null } wrong) throw new ArgumentOutOfRangeException(nameof(greenPercentByCell), wrong.Value, $"cell {wrong.Key}: a green share is 0–100");
        return new RoutingTable(version, [.. cellByBucket], siteByCell.ToImmutableDictionary(), shares);
    }

    public static bool IsShare(int percent) => percent is >= 0 and <= 100;

    /// <summary>The next version, with <paramref name="cell"/> active in <paramref name="site"/>.</summary>
    public RoutingTable WithSite(string cell, string site) =>
        SiteByCell.ContainsKey(cell)
            ? new RoutingTable(Version + 1, CellByBucket, SiteByCell.SetItem(cell, site), GreenPercentByCell)
            : throw new ArgumentException($"no cell {cell} in the routing table", nameof(cell));

    /// <summary>The next version, with <paramref name="greenPercent"/> of <paramref name="cell"/>'s shards on green.</summary>
    public RoutingTable WithGreenPercent(string cell, int greenPercent)
    {
        if (!SiteByCell.ContainsKey(cell)) throw new ArgumentException($"no cell {cell} in the routing table", nameof(cell));
        if (!IsShare(greenPercent)) throw new ArgumentOutOfRangeException(nameof(greenPercent), greenPercent, "a green share is 0–100");
        return new RoutingTable(Version + 1, CellByBucket, SiteByCell, GreenPercentByCell.SetItem(cell, greenPercent));
    }

    /// <summary>What differs from <paramref name="previous"/>, cell by cell: its buckets, its site, its green share.</summary>
    public IReadOnlyList<RoutingChange> ChangesFrom(RoutingTable previous)
    {
        var changes = new List<RoutingChange>();
        foreach (var cell in Cells.Union(previous.Cells).Order(StringComparer.Ordinal))
        {
            var (before, after) = (string.Join(",", previous.RangesOf(cell)), string.Join(",", RangesOf(cell)));
            if (before != after) changes.Add(new RoutingChange(cell, RoutingChange.Buckets, before, after));
            if (previous.SiteByCell.GetValueOrDefault(cell, "") != SiteByCell.GetValueOrDefault(cell, ""))
                changes.Add(new RoutingChange(cell, RoutingChange.Site, previous.SiteByCell.GetValueOrDefault(cell, ""), SiteByCell.GetValueOrDefault(cell, "")));
            if (previous.GreenPercentByCell.GetValueOrDefault(cell) != GreenPercentByCell.GetValueOrDefault(cell))
                changes.Add(new RoutingChange(cell, RoutingChange.GreenPercent, $"{previous.GreenPercentByCell.GetValueOrDefault(cell)}", $"{GreenPercentByCell.GetValueOrDefault(cell)}"));
        }
        return changes;
    }

    /// <summary>True when both tables route every bucket to the same cell and every cell to the same site, whatever their versions.</summary>
    public bool RoutesLike(RoutingTable other) =>
        CellByBucket.SequenceEqual(other.CellByBucket) && SiteByCell.Count == other.SiteByCell.Count
        && SiteByCell.All(pair => other.SiteByCell.TryGetValue(pair.Key, out var site) && site == pair.Value);

    /// <summary>One cell owning every bucket: the smallest cluster.</summary>
    public static RoutingTable SingleCell(string cell, string site) =>
        Create(new Dictionary<string, IReadOnlyList<BucketRange>> { [cell] = [new BucketRange(0, Bucket.Count - 1)] },
            new Dictionary<string, string> { [cell] = site });
}
