using AkkaPay.Domain.Accounts;

namespace AkkaPay.Domain.Routing;

/// <summary>
/// Which color hosts each of a cell's shards (a shard is a bucket; ADR 11). Green takes the first shares of the
/// cell's buckets in ascending order, so every node computes the same answer and raising the share moves only the
/// buckets between the old count and the new one. Every region of a bucket asks the same question, so a bucket's
/// accounts, payments and sub-accounts settle on one color.
/// </summary>
public static class ColorPlacement
{
    /// <summary>
    /// How many of <paramref name="shards"/> green hosts at <paramref name="greenPercent"/>: the share rounded to
    /// whole shards, except that a share above 0 gives green at least one and a share below 100 leaves blue at least
    /// one, so a 1 % canary always moves something and 99 % is not everything.
    /// </summary>
    public static int GreenShards(int shards, int greenPercent)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shards);
        if (!RoutingTable.IsShare(greenPercent)) throw new ArgumentOutOfRangeException(nameof(greenPercent), greenPercent, "a green share is 0–100");
        if (greenPercent == 0 || shards == 0) return 0;
        if (greenPercent == 100) return shards;
        var rounded = (int)Math.Round(shards * greenPercent / 100.0, MidpointRounding.AwayFromZero);
        return Math.Clamp(rounded, 1, Math.Max(1, shards - 1));
    }

    /// <summary>The share of the cell's shards on green once they sit where the table wants them, in percent (one decimal).</summary>
    public static double AchievedGreenPercent(RoutingTable table, string cell)
    {
        var shards = table.BucketsOf(cell).Count;
        return shards == 0 ? 0 : Math.Round(100.0 * GreenShards(shards, table.GreenPercentByCell[cell]) / shards, 1);
    }

    /// <summary>The color the table wants <paramref name="bucket"/>'s shard on.</summary>
    public static NodeColor TargetOf(RoutingTable table, Bucket bucket)
    {
        var cell = table.CellOf(bucket);
        var buckets = table.BucketsOf(cell);
        var position = 0;
        while (buckets[position] != bucket) position++;
        return position < GreenShards(buckets.Count, table.GreenPercentByCell[cell]) ? NodeColor.Green : NodeColor.Blue;
    }

    /// <summary>
    /// Where a shard goes when only <paramref name="liveColors"/> have a live node of its cell: its target color, else
    /// the other one (availability first: the cell serves on the color it has), else nowhere.
    /// </summary>
    public static NodeColor? HostOf(NodeColor target, IReadOnlyCollection<NodeColor> liveColors) =>
        liveColors.Contains(target) ? target
        : liveColors.Count > 0 ? liveColors.First()
        : null;
}
