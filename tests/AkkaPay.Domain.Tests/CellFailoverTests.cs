using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Routing;

namespace AkkaPay.Domain.Tests;

public class CellFailoverTests
{
    private static readonly RoutingTable TwoCells = Tables.TwoCells;

    private static readonly string[] Sites = ["site-a", "site-b"];

    /// <summary>The active site is gone, the target has a node of the cell and a journal copy holding every commit.</summary>
    private static readonly SiteFacts SiteLost = new(TargetHasLiveNode: true, ActiveSiteHealthy: false, TargetJournalCaughtUp: true);

    [Fact]
    public void A_failover_moves_the_cell_to_the_target_site_under_the_next_epoch_and_history_says_both()
    {
        var failover = new CellFailover("c0", "site-b", ReplacesVersion: 1, "site-a lost power", Force: false);
        Assert.Null(failover.RefusedBy(TwoCells, Sites));
        Assert.Null(failover.RefusedBySites(SiteLost));

        var next = failover.ApplyTo(TwoCells);

        Assert.Equal(2, next.Version);
        Assert.Equal(("site-b", new CellEpoch(2)), (next.SiteByCell["c0"], next.EpochByCell["c0"]));
        Assert.Equal(("site-a", CellEpoch.First), (next.SiteByCell["c1"], next.EpochByCell["c1"]));   // other cells untouched
        Assert.Equal(TwoCells.CellByBucket, next.CellByBucket);
        Assert.Equal(
            [new RoutingChange("c0", RoutingChange.Site, "site-a", "site-b"), new RoutingChange("c0", RoutingChange.Epoch, "1", "2")],
            RoutingHistoryEntry.Of(TwoCells, next, DateTimeOffset.UnixEpoch, failover.Reason).Changes);
    }

    [Fact]
    public void Failing_back_raises_the_epoch_again_it_never_returns_to_an_old_one()
    {
        var there = new CellFailover("c0", "site-b", 1, null, false).ApplyTo(TwoCells);
        var back = new CellFailover("c0", "site-a", there.Version, null, false).ApplyTo(there);
        Assert.Equal(("site-a", new CellEpoch(3)), (back.SiteByCell["c0"], back.EpochByCell["c0"]));
    }

    [Theory]
    [InlineData("c9", "site-b", 1, OperatorChange.CellNotFound)]
    [InlineData("c0", "site-z", 1, CellFailover.SiteNotFound)]
    [InlineData("c0", "site-a", 1, CellFailover.AlreadyActive)]
    [InlineData("c0", "site-b", 0, OperatorChange.StaleVersion)]
    [InlineData("c0", "site-b", 2, OperatorChange.StaleVersion)]
    public void A_failover_the_table_cannot_take_is_refused_with_a_stable_code(string cell, string site, long replaces, string code)
    {
        Assert.Equal(code, new CellFailover(cell, site, replaces, null, Force: true).RefusedBy(TwoCells, Sites)?.Code);
    }

    [Fact]
    public void A_reason_beyond_its_bound_is_refused()
    {
        var failover = new CellFailover("c0", "site-b", 1, new string('x', OperatorChange.ReasonLengthMax + 1), false);
        Assert.Equal(RejectionCodes.ValidationError, failover.RefusedBy(TwoCells, Sites)?.Code);
    }

    [Fact]
    public void A_target_site_without_a_live_node_of_the_cell_is_refused_even_with_force()
    {
        var nobodyThere = SiteLost with { TargetHasLiveNode = false };
        Assert.Equal(CellFailover.SiteNotLive, new CellFailover("c0", "site-b", 1, null, Force: false).RefusedBySites(nobodyThere)?.Code);
        Assert.Equal(CellFailover.SiteNotLive, new CellFailover("c0", "site-b", 1, null, Force: true).RefusedBySites(nobodyThere)?.Code);
    }

    [Fact]
    public void A_healthy_active_site_or_a_journal_copy_behind_is_refused_unless_forced()
    {
        var healthy = SiteLost with { ActiveSiteHealthy = true };
        var behind = SiteLost with { TargetJournalCaughtUp = false };
        Assert.Equal(CellFailover.ActiveSiteHealthy, new CellFailover("c0", "site-b", 1, null, Force: false).RefusedBySites(healthy)?.Code);
        Assert.Equal(CellFailover.JournalBehind, new CellFailover("c0", "site-b", 1, null, Force: false).RefusedBySites(behind)?.Code);
        Assert.Null(new CellFailover("c0", "site-b", 1, null, Force: true).RefusedBySites(healthy));
        Assert.Null(new CellFailover("c0", "site-b", 1, null, Force: true).RefusedBySites(behind));
    }

    [Fact]
    public void A_writer_is_admitted_at_the_stored_epoch_or_above_and_fenced_below_it()
    {
        Assert.True(new CellEpoch(2).Admitted(new CellEpoch(2)));
        Assert.True(new CellEpoch(3).Admitted(new CellEpoch(2)));   // the new site's first write raises the stored epoch
        Assert.False(new CellEpoch(1).Admitted(new CellEpoch(2)));  // the old site, woken late
        Assert.Equal(new CellEpoch(2), CellEpoch.First.Next());
    }

    [Fact]
    public void A_restored_table_keeps_its_epochs_and_a_table_from_before_epochs_is_at_the_first()
    {
        var failedOver = TwoCells.WithSite("c1", "site-b");
        var restored = RoutingTable.Restore(failedOver.Version, [.. failedOver.CellByBucket], failedOver.SiteByCell, failedOver.GreenPercentByCell,
            failedOver.EpochByCell.ToDictionary(pair => pair.Key, pair => pair.Value.Value));
        Assert.Equal(new CellEpoch(2), restored.EpochByCell["c1"]);
        var older = RoutingTable.Restore(2, [.. failedOver.CellByBucket], failedOver.SiteByCell);
        Assert.All(older.Cells, cell => Assert.Equal(CellEpoch.First, older.EpochByCell[cell]));
        Assert.Throws<ArgumentOutOfRangeException>(() => RoutingTable.Restore(1, [.. TwoCells.CellByBucket], TwoCells.SiteByCell, null, new Dictionary<string, long> { ["c0"] = 0 }));
    }
}
