using AkkaPay.Chaos.Faults;

namespace AkkaPay.Chaos.Tests;

public class FaultPlanTests
{
    private static readonly FaultTargets Targets = new(
    [
        new CellTarget("c0", ["c0-blue", "c0-green"], HasBothColors: true, ["site-a"]),
        new CellTarget("c1", ["c1-a", "c1-b"], HasBothColors: false, ["site-a", "site-b"], OnDatabaseServer: true),
    ]);

    private static readonly FaultKind[] Every = [FaultKind.Kill, FaultKind.Pause, FaultKind.Partition, FaultKind.DbStall, FaultKind.Shift, FaultKind.Failover];

    [Fact]
    public void The_same_seed_draws_the_same_faults_and_another_seed_others()
    {
        var once = FaultPlan.Draw(7, Every, Targets).Take(20).ToList();
        Assert.Equal(once, FaultPlan.Draw(7, Every, Targets).Take(20).ToList());
        Assert.NotEqual(once, FaultPlan.Draw(8, Every, Targets).Take(20).ToList());
    }

    [Fact]
    public void Every_kind_comes_once_before_any_comes_twice()
    {
        for (var seed = 0; seed < 50; seed++)
        {
            var first = FaultPlan.Draw(seed, Every, Targets).Take(Every.Length).Select(f => f.Kind).ToList();
            Assert.Equal(Every.Order(), first.Order());
        }
    }

    [Fact]
    public void Shifts_go_to_a_cell_with_both_colors_failovers_to_one_with_two_sites_stalls_to_one_on_a_server_pauses_and_partitions_to_one_node()
    {
        foreach (var fault in FaultPlan.Draw(3, Every, Targets).Take(200))
        {
            if (fault.Kind == FaultKind.Shift) Assert.Equal("c0", fault.Cell);
            if (fault.Kind is FaultKind.Failover or FaultKind.DbStall) Assert.Equal("c1", fault.Cell);
            Assert.Equal(fault.Kind is FaultKind.Pause or FaultKind.Partition, fault.Node is not null);
            if (fault.Node is { } node) Assert.StartsWith(fault.Cell, node);
            Assert.InRange(fault.Gap, FaultPlan.GapMin, FaultPlan.GapMax);
            Assert.InRange(fault.Hold, FaultPlan.HoldMin, FaultPlan.HoldMax);
        }
    }

    [Fact]
    public void A_kind_no_cell_can_take_is_refused()
    {
        var oneColorOneSite = new FaultTargets([new CellTarget("c0", ["c0-a"], HasBothColors: false, ["site-a"])]);
        Assert.Equal([FaultKind.DbStall, FaultKind.Shift, FaultKind.Failover], FaultPlan.Impossible(Every, oneColorOneSite));
        Assert.Throws<ArgumentException>(() => FaultPlan.Draw(1, Every, oneColorOneSite).First());
    }

    [Fact]
    public void A_kind_with_a_weight_comes_that_many_times_in_each_round()
    {
        var kinds = FaultPlan.ParseKinds("kill=3,shift");
        Assert.Equal([FaultKind.Kill, FaultKind.Kill, FaultKind.Kill, FaultKind.Shift], kinds);
        foreach (var round in FaultPlan.Draw(5, kinds, Targets).Take(40).Chunk(4))
            Assert.Equal(3, round.Count(f => f.Kind == FaultKind.Kill));
    }

    [Theory]
    [InlineData("kill,pause,partition", new[] { FaultKind.Kill, FaultKind.Pause, FaultKind.Partition })]
    [InlineData(" shift , failover ", new[] { FaultKind.Shift, FaultKind.Failover })]
    [InlineData("db-stall=2", new[] { FaultKind.DbStall, FaultKind.DbStall })]
    public void Fault_kinds_are_read_from_their_names(string text, FaultKind[] kinds)
    {
        Assert.Equal(kinds, FaultPlan.ParseKinds(text));
        Assert.Equal(text.Replace(" ", "").Split(',').Select(part => part.Split('=')[0]), kinds.Distinct().Select(kind => kind.Name()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("kill,flood")]
    [InlineData("dbstall")]
    [InlineData("kill=0")]
    [InlineData("kill=x")]
    public void Unknown_or_no_fault_kinds_are_refused(string text) => Assert.Throws<FormatException>(() => FaultPlan.ParseKinds(text));
}
