using System.Collections.Immutable;
using AkkaPay.Domain.Accounts;

namespace AkkaPay.Domain.Routing;

/// <summary>
/// Which cell owns each bucket, and which site each cell is active in. Versioned: every change makes a
/// higher version, so nodes can tell a newer table from an older one.
/// </summary>
public sealed record RoutingTable
{
    private RoutingTable(long version, ImmutableArray<string> cellByBucket, ImmutableDictionary<string, string> siteByCell)
    {
        Version = version;
        CellByBucket = cellByBucket;
        SiteByCell = siteByCell;
    }

    public long Version { get; }
    public ImmutableArray<string> CellByBucket { get; }
    public ImmutableDictionary<string, string> SiteByCell { get; }

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
        return new RoutingTable(1, [.. cellByBucket], siteByCell.ToImmutableDictionary());
    }

    /// <summary>A version read back from storage or received from another node; a table that is not whole is refused.</summary>
    public static RoutingTable Restore(long version, IReadOnlyList<string> cellByBucket, IReadOnlyDictionary<string, string> siteByCell)
    {
        if (version < 1) throw new ArgumentOutOfRangeException(nameof(version), version, "versions start at 1");
        if (cellByBucket.Count != Bucket.Count) throw new ArgumentException($"a routing table names a cell for each of the {Bucket.Count} buckets", nameof(cellByBucket));
        if (cellByBucket.FirstOrDefault(cell => !siteByCell.ContainsKey(cell)) is { } orphan) throw new ArgumentException($"cell {orphan} has no site", nameof(siteByCell));
        return new RoutingTable(version, [.. cellByBucket], siteByCell.ToImmutableDictionary());
    }

    /// <summary>The next version, with <paramref name="cell"/> active in <paramref name="site"/>.</summary>
    public RoutingTable WithSite(string cell, string site) =>
        SiteByCell.ContainsKey(cell)
            ? new RoutingTable(Version + 1, CellByBucket, SiteByCell.SetItem(cell, site))
            : throw new ArgumentException($"no cell {cell} in the routing table", nameof(cell));

    /// <summary>True when both tables route every bucket to the same cell and every cell to the same site, whatever their versions.</summary>
    public bool RoutesLike(RoutingTable other) =>
        CellByBucket.SequenceEqual(other.CellByBucket) && SiteByCell.Count == other.SiteByCell.Count
        && SiteByCell.All(pair => other.SiteByCell.TryGetValue(pair.Key, out var site) && site == pair.Value);

    /// <summary>One cell owning every bucket: the smallest cluster.</summary>
    public static RoutingTable SingleCell(string cell, string site) =>
        Create(new Dictionary<string, IReadOnlyList<BucketRange>> { [cell] = [new BucketRange(0, Bucket.Count - 1)] },
            new Dictionary<string, string> { [cell] = site });
}
