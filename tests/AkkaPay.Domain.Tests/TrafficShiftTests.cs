using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Routing;

namespace AkkaPay.Domain.Tests;

public class TrafficShiftTests
{
    private static readonly RoutingTable TwoCells = Tables.TwoCells;

    private static readonly NodeColor[] BothLive = [NodeColor.Blue, NodeColor.Green];

    [Fact]
    public void A_shift_makes_the_next_version_with_the_new_share_and_history_says_old_to_new()
    {
        var shift = new TrafficShift("c0", 1, ReplacesVersion: 1, "canary of build 42");
        Assert.Null(shift.RefusedBy(TwoCells));
        Assert.Null(shift.RefusedByNodes(TwoCells, BothLive, shardsMoving: 0));
        var next = shift.ApplyTo(TwoCells);
        Assert.Equal(2, next.Version);
        Assert.Equal(1, next.GreenPercentByCell["c0"]);
        Assert.Equal(RoutingTable.DefaultGreenPercent, next.GreenPercentByCell["c1"]);
        Assert.True(next.RoutesLike(TwoCells));   // buckets and sites unchanged
        var entry = RoutingHistoryEntry.Of(TwoCells, next, DateTimeOffset.UnixEpoch, shift.Reason);
        Assert.Equal([new RoutingChange("c0", RoutingChange.GreenPercent, "50", "1")], entry.Changes);
        Assert.Equal("c0 green % 50 → 1", entry.Changes[0].ToString());
    }

    [Fact]
    public void The_same_share_again_changes_nothing_and_makes_no_version()
    {
        Assert.Same(TwoCells, new TrafficShift("c0", 50, 1, null).ApplyTo(TwoCells));
    }

    [Theory]
    [InlineData("c9", 10, 1, OperatorChange.CellNotFound)]
    [InlineData("c0", 101, 1, RejectionCodes.ValidationError)]
    [InlineData("c0", -1, 1, RejectionCodes.ValidationError)]
    [InlineData("c0", 10, 0, OperatorChange.StaleVersion)]
    [InlineData("c0", 10, 2, OperatorChange.StaleVersion)]
    public void A_shift_the_table_cannot_take_is_refused_with_a_stable_code(string cell, int green, long replaces, string code)
    {
        Assert.Equal(code, new TrafficShift(cell, green, replaces, null).RefusedBy(TwoCells)?.Code);
    }

    [Fact]
    public void A_reason_beyond_its_bound_is_refused()
    {
        Assert.Equal(RejectionCodes.ValidationError, new TrafficShift("c0", 10, 1, new string('x', OperatorChange.ReasonLengthMax + 1)).RefusedBy(TwoCells)?.Code);
    }

    [Fact]
    public void A_shift_toward_a_color_with_no_live_node_is_refused_and_one_away_from_it_is_not()
    {
        var towardGreen = new TrafficShift("c0", 100, 1, null).RefusedByNodes(TwoCells, [NodeColor.Blue], 0);
        Assert.Equal(TrafficShift.ColorNotLive, towardGreen?.Code);
        Assert.Contains("no live green node in site site-a", towardGreen!.Detail);
        Assert.Null(new TrafficShift("c0", 0, 1, null).RefusedByNodes(TwoCells, [NodeColor.Blue], 0));
        Assert.Equal(TrafficShift.ColorNotLive, new TrafficShift("c0", 0, 1, null).RefusedByNodes(TwoCells, [NodeColor.Green], 0)?.Code);
    }

    [Fact]
    public void A_shift_while_the_cell_still_moves_shards_is_refused()
    {
        Assert.Equal(TrafficShift.ShiftInProgress, new TrafficShift("c0", 100, 1, null).RefusedByNodes(TwoCells, BothLive, shardsMoving: 3)?.Code);
    }

    [Fact]
    public void A_restored_table_keeps_its_shares_and_a_table_from_before_shares_has_the_default()
    {
        var shifted = TwoCells.WithGreenPercent("c1", 0);
        var restored = RoutingTable.Restore(shifted.Version, [.. shifted.CellByBucket], shifted.SiteByCell, shifted.GreenPercentByCell);
        Assert.Equal(0, restored.GreenPercentByCell["c1"]);
        var older = RoutingTable.Restore(1, [.. TwoCells.CellByBucket], TwoCells.SiteByCell);
        Assert.All(older.Cells, cell => Assert.Equal(RoutingTable.DefaultGreenPercent, older.GreenPercentByCell[cell]));
        Assert.Throws<ArgumentOutOfRangeException>(() => RoutingTable.Restore(1, [.. TwoCells.CellByBucket], TwoCells.SiteByCell, new Dictionary<string, int> { ["c0"] = 101 }));
    }
}
