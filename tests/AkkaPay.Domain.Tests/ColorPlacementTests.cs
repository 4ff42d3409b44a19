using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Routing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace AkkaPay.Domain.Tests;

public class ColorPlacementTests
{
    /// <summary>Four cells of 25 buckets, as the embedded default; c3 is the one shifted.</summary>
    private static readonly RoutingTable FourCells = RoutingTable.Create(
        Enumerable.Range(0, 4).ToDictionary(i => $"c{i}", i => (IReadOnlyList<BucketRange>)[new BucketRange(i * 25, i * 25 + 24)]),
        Enumerable.Range(0, 4).ToDictionary(i => $"c{i}", _ => "site-a"));

    private static IReadOnlySet<Bucket> GreenBuckets(RoutingTable table, string cell) =>
        table.BucketsOf(cell).Where(b => ColorPlacement.TargetOf(table, b) == NodeColor.Green).ToHashSet();

    [Fact]
    public void Every_share_from_0_to_100_puts_a_whole_number_of_shards_on_green_and_says_what_it_achieved()
    {
        for (var percent = 0; percent <= 100; percent++)
        {
            var table = FourCells.WithGreenPercent("c3", percent);
            var green = GreenBuckets(table, "c3").Count;
            Assert.Equal(ColorPlacement.GreenShards(25, percent), green);
            Assert.Equal(100.0 * green / 25, ColorPlacement.AchievedGreenPercent(table, "c3"), 1);
            Assert.InRange(Math.Abs(4.0 * green - percent), 0, percent is > 0 and < 100 ? 4 : 0);   // within one shard of the share
        }
    }

    [Fact]
    public void A_canary_share_moves_at_least_one_shard_and_99_percent_leaves_one_on_blue()
    {
        Assert.Equal(1, ColorPlacement.GreenShards(25, 1));
        Assert.Equal(24, ColorPlacement.GreenShards(25, 99));
        Assert.Equal(1, ColorPlacement.GreenShards(100, 1));
        Assert.Equal(13, ColorPlacement.GreenShards(25, 50));
        Assert.Equal(0, ColorPlacement.GreenShards(1, 0));
        Assert.Equal(1, ColorPlacement.GreenShards(1, 50));
        Assert.Throws<ArgumentOutOfRangeException>(() => ColorPlacement.GreenShards(25, 101));
        Assert.Throws<ArgumentOutOfRangeException>(() => ColorPlacement.GreenShards(25, -1));
    }

    private static Arbitrary<(int From, int To)> Shares() =>
        (from before in Gen.Choose(0, 100) from after in Gen.Choose(0, 100) select (before, after)).ToArbitrary();

    [Property(MaxTest = 500)]
    public Property A_step_moves_only_the_shards_it_must_and_all_in_one_direction() =>
        Prop.ForAll(Shares(), shares =>
        {
            var before = GreenBuckets(FourCells.WithGreenPercent("c3", shares.From), "c3");
            var after = GreenBuckets(FourCells.WithGreenPercent("c3", shares.To), "c3");
            var moved = before.Count > after.Count ? before.Except(after).Count() : after.Except(before).Count();
            var monotonic = shares.To >= shares.From ? before.IsSubsetOf(after) : after.IsSubsetOf(before);
            return monotonic && moved == Math.Abs(before.Count - after.Count);
        });

    [Fact]
    public void A_shift_of_one_cell_leaves_every_other_cell_where_it_was()
    {
        var shifted = FourCells.WithGreenPercent("c1", 100);
        foreach (var bucket in Enumerable.Range(0, Bucket.Count).Select(b => new Bucket(b)).Where(b => FourCells.CellOf(b) != "c1"))
            Assert.Equal(ColorPlacement.TargetOf(FourCells, bucket), ColorPlacement.TargetOf(shifted, bucket));
        Assert.All(shifted.BucketsOf("c1"), b => Assert.Equal(NodeColor.Green, ColorPlacement.TargetOf(shifted, b)));
    }

    [Fact]
    public void Every_region_of_a_bucket_gets_the_same_color_because_the_bucket_alone_decides()
    {
        // accounts, payments and sub-accounts of one bucket all have that bucket as their shard id
        var table = FourCells.WithGreenPercent("c0", 30);
        var account = AccountId.Parse("2088000000000107");
        Assert.Equal(ColorPlacement.TargetOf(table, account.Bucket), ColorPlacement.TargetOf(table, new Bucket(7)));
    }

    [Fact]
    public void A_color_without_a_live_node_hosts_nothing_and_the_other_color_serves()
    {
        Assert.Equal(NodeColor.Green, ColorPlacement.HostOf(NodeColor.Green, [NodeColor.Blue, NodeColor.Green]));
        Assert.Equal(NodeColor.Blue, ColorPlacement.HostOf(NodeColor.Green, [NodeColor.Blue]));
        Assert.Equal(NodeColor.Green, ColorPlacement.HostOf(NodeColor.Blue, [NodeColor.Green]));
        Assert.Null(ColorPlacement.HostOf(NodeColor.Blue, []));
    }
}
