using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Routing;

namespace AkkaPay.Domain.Tests;

public class RoutingTableTests
{
    private static readonly RoutingTable TwoCells = Tables.TwoCells;

    [Fact]
    public void A_site_change_makes_the_next_version_and_leaves_the_buckets_alone()
    {
        var next = TwoCells.WithSite("c1", "site-b");
        Assert.Equal(2, next.Version);
        Assert.Equal("site-b", next.SiteByCell["c1"]);
        Assert.Equal("c1", next.CellOf(AccountId.Parse("2088000000000150")));
        Assert.False(next.RoutesLike(TwoCells));
        Assert.Throws<ArgumentException>(() => TwoCells.WithSite("c9", "site-b"));
    }

    [Fact]
    public void A_restored_table_routes_like_the_one_it_was_read_from()
    {
        var restored = RoutingTable.Restore(TwoCells.Version, [.. TwoCells.CellByBucket], TwoCells.SiteByCell);
        Assert.True(restored.RoutesLike(TwoCells));
        Assert.Equal(TwoCells.Version, restored.Version);
    }

    [Fact]
    public void A_table_that_is_not_whole_is_not_restored()
    {
        Assert.Throws<ArgumentException>(() => RoutingTable.Restore(1, [.. TwoCells.CellByBucket.Take(99)], TwoCells.SiteByCell));
        Assert.Throws<ArgumentException>(() => RoutingTable.Restore(1, [.. TwoCells.CellByBucket], new Dictionary<string, string> { ["c0"] = "site-a" }));
        Assert.Throws<ArgumentOutOfRangeException>(() => RoutingTable.Restore(0, [.. TwoCells.CellByBucket], TwoCells.SiteByCell));
    }
}
