using System.Collections.Immutable;
using AkkaPay.Domain.Accounts;

namespace AkkaPay.Domain.Routing;

/// <summary>
/// Which cell owns each bucket, which site each cell is active in with which epoch, and which share of each cell's
/// shards its green nodes host (blue hosts the rest). Versioned: every change makes a higher version, so nodes can
/// tell a newer table from an older one.
/// </summary>
public sealed record RoutingTable
{
    /// <summary>A cell's green share until an operator shifts it: both halves serve, as after a finished release.</summary>
    public const int DefaultGreenPercent = 50;

    private RoutingTable(long version, ImmutableArray<string> cellByBucket, ImmutableDictionary<string, string> siteByCell,
        ImmutableDictionary<string, int> greenPercentByCell, ImmutableDictionary<string, CellEpoch> epochByCell)
    {
        Version = version;
        CellByBucket = cellByBucket;
        SiteByCell = siteByCell;
        GreenPercentByCell = greenPercentByCell;
        EpochByCell = epochByCell;
    }

    public long Version { get; }
    public ImmutableArray<string> CellByBucket { get; }
    public ImmutableDictionary<string, string> SiteByCell { get; }

    /// <summary>Per cell, the share (0–100) of its shards that green nodes should host.</summary>
    public ImmutableDictionary<string, int> GreenPercentByCell { get; }

    /// <summary>Per cell, the epoch its active site writes with: raised by every failover, so the old site is fenced off.</summary>
    public ImmutableDictionary<string, CellEpoch> EpochByCell { get; }

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
        return new RoutingTable(1, [.. cellByBucket], siteByCell.ToImmutableDictionary(), DefaultGreenShares(rangesByCell.Keys), FirstEpochs(rangesByCell.Keys));
    }

    private static ImmutableDictionary<string, int> DefaultGreenShares(IEnumerable<string> cells) =>
        cells.ToImmutableDictionary(cell => cell, _ => DefaultGreenPercent);

    private static ImmutableDictionary<string, CellEpoch> FirstEpochs(IEnumerable<string> cells) =>
        cells.ToImmutableDictionary(cell => cell, _ => CellEpoch.First);

    /// <summary>
    /// A version read back from storage or received from another node; a table that is not whole is refused. A cell
    /// without a green share or an epoch (a table journaled before they existed) has <see cref="DefaultGreenPercent"/>
    /// and <see cref="CellEpoch.First"/>.
    /// </summary>
    public static RoutingTable Restore(
        long version, IReadOnlyList<string> cellByBucket, IReadOnlyDictionary<string, string> siteByCell,
        IReadOnlyDictionary<string, int>? greenPercentByCell = null, IReadOnlyDictionary<string, long>? epochByCell = null)
    {
        if (version < 1) throw new ArgumentOutOfRangeException(nameof(version), version, "versions start at 1");
        if (cellByBucket.Count != Bucket.Count) throw new ArgumentException($"a routing table names a cell for each of the {Bucket.Count} buckets", nameof(cellByBucket));
        if (cellByBucket.FirstOrDefault(cell => !siteByCell.ContainsKey(cell)) is { } orphan) throw new ArgumentException($"cell {orphan} has no site", nameof(siteByCell));
        var shares = DefaultGreenShares(siteByCell.Keys).SetItems(greenPercentByCell?.Where(pair => siteByCell.ContainsKey(pair.Key)) ?? []);
        if (shares.FirstOrDefault(pair => !IsShare(pair.Value)) is { Key: not null } wrong) throw new ArgumentOutOfRangeException(nameof(greenPercentByCell), wrong.Value, $"cell {wrong.Key}: a green share is 0–100");
        if (epochByCell?.FirstOrDefault(pair => pair.Value < CellEpoch.First.Value) is { Key: not null } bad)
            throw new ArgumentOutOfRangeException(nameof(epochByCell), bad.Value, $"cell {bad.Key}: epochs start at {CellEpoch.First.Value}");
        var epochs = FirstEpochs(siteByCell.Keys).SetItems(
            epochByCell?.Where(pair => siteByCell.ContainsKey(pair.Key)).Select(pair => KeyValuePair.Create(pair.Key, new CellEpoch(pair.Value))) ?? []);
        return new RoutingTable(version, [.. cellByBucket], siteByCell.ToImmutableDictionary(), shares, epochs);
    }

    public static bool IsShare(int percent) => percent is >= 0 and <= 100;

    /// <summary>The next version, with <paramref name="cell"/> active in <paramref name="site"/> under the next epoch.</summary>
    public RoutingTable WithSite(string cell, string site) =>
        SiteByCell.ContainsKey(cell)
            ? new RoutingTable(Version + 1, CellByBucket, SiteByCell.SetItem(cell, site), GreenPercentByCell, EpochByCell.SetItem(cell, EpochByCell[cell].Next()))
            : throw new ArgumentException($"no cell {cell} in the routing table", nameof(cell));

    /// <summary>The next version, with <paramref name="greenPercent"/> of <paramref name="cell"/>'s shards on green.</summary>
    public RoutingTable WithGreenPercent(string cell, int greenPercent)
    {
        if (!SiteByCell.ContainsKey(cell)) throw new ArgumentException($"no cell {cell} in the routing table", nameof(cell));
        if (!IsShare(greenPercent)) throw new ArgumentOutOfRangeException(nameof(greenPercent), greenPercent, "a green share is 0–100");
        return new RoutingTable(Version + 1, CellByBucket, SiteByCell, GreenPercentByCell.SetItem(cell, greenPercent), EpochByCell);
    }

    /// <summary>What differs from <paramref name="previous"/>, cell by cell: its buckets, its site, its epoch, its green share.</summary>
    public IReadOnlyList<RoutingChange> ChangesFrom(RoutingTable previous)
    {
        var changes = new List<RoutingChange>();
        foreach (var cell in Cells.Union(previous.Cells).Order(StringComparer.Ordinal))
        {
            var (before, after) = (string.Join(",", previous.RangesOf(cell)), string.Join(",", RangesOf(cell)));
            if (before != after) changes.Add(new RoutingChange(cell, RoutingChange.Buckets, before, after));
            if (previous.SiteByCell.GetValueOrDefault(cell, "") != SiteByCell.GetValueOrDefault(cell, ""))
                changes.Add(new RoutingChange(cell, RoutingChange.Site, previous.SiteByCell.GetValueOrDefault(cell, ""), SiteByCell.GetValueOrDefault(cell, "")));
            if (previous.EpochByCell.GetValueOrDefault(cell) != EpochByCell.GetValueOrDefault(cell))
                changes.Add(new RoutingChange(cell, RoutingChange.Epoch, $"{previous.EpochByCell.GetValueOrDefault(cell).Value}", $"{EpochByCell.GetValueOrDefault(cell).Value}"));
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
