using AkkaPay.Domain.Routing;

namespace AkkaPay.Domain.Tests;

public class AutomaticFailoverTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] Sites = ["site-a", "site-b", "site-c"];

    private static AutomaticFailover Watching(string cell, double seconds) =>
        new(new Dictionary<string, TimeSpan> { [cell] = TimeSpan.FromSeconds(seconds) }, Sites);

    private static Func<string, string, bool> Live(params string[] cellAtSite) => (cell, site) => cellAtSite.Contains($"{cell}@{site}");

    [Fact]
    public void A_cell_whose_active_site_has_had_no_live_node_for_its_time_is_due_to_the_first_live_site()
    {
        var watch = Watching("c0", 10);
        var table = Tables.TwoCells;
        Assert.Empty(watch.Due(table, Live("c0@site-c", "c0@site-b"), T0));
        Assert.Empty(watch.Due(table, Live("c0@site-c", "c0@site-b"), T0.AddSeconds(9.9)));
        var due = Assert.Single(watch.Due(table, Live("c0@site-c", "c0@site-b"), T0.AddSeconds(10)));
        Assert.Equal(("c0", "site-b", table.Version, false), (due.Cell, due.ToSite, due.ReplacesVersion, due.Force));
        Assert.Equal("automatic: no live node of c0 in site-a for 10 s", due.Reason);
        Assert.Null(due.RefusedBy(table, Sites));
    }

    [Fact]
    public void A_live_node_back_in_the_active_site_starts_the_time_over()
    {
        var watch = Watching("c0", 10);
        var table = Tables.TwoCells;
        watch.Due(table, Live("c0@site-b"), T0);
        watch.Due(table, Live("c0@site-a", "c0@site-b"), T0.AddSeconds(5));   // it came back
        Assert.Empty(watch.Due(table, Live("c0@site-b"), T0.AddSeconds(11)));
        Assert.Single(watch.Due(table, Live("c0@site-b"), T0.AddSeconds(21)));
    }

    [Fact]
    public void Nothing_is_due_without_a_live_site_to_go_to_nor_for_a_cell_not_watched()
    {
        var watch = Watching("c0", 1);
        var table = Tables.TwoCells;
        watch.Due(table, Live(), T0);
        Assert.Empty(watch.Due(table, Live(), T0.AddSeconds(60)));
        Assert.Empty(watch.Due(table, Live("c1@site-b"), T0.AddSeconds(60)));   // c1's site-a has no node either: not watched
        Assert.Single(watch.Due(table, Live("c0@site-c"), T0.AddSeconds(61)));
    }

    [Fact]
    public void After_the_failover_the_new_active_site_is_watched()
    {
        var watch = Watching("c0", 1);
        var failedOver = Tables.TwoCells.WithSite("c0", "site-b");
        Assert.Empty(watch.Due(failedOver, Live("c0@site-b"), T0));
        Assert.Empty(watch.Due(failedOver, Live("c0@site-b"), T0.AddSeconds(30)));
    }
}
