using AkkaPay.Chaos.Checking;
using AkkaPay.Chaos.Faults;

namespace AkkaPay.Chaos.Tests;

public class IsolationTests
{
    private static int _next;

    private static Attempt Request(string cell, double sentMs, double latencyMs) =>
        new($"r{Interlocked.Increment(ref _next)}", $"p{_next}", "intra", [cell], sentMs, sentMs + latencyMs, 200, null, "succeeded", false);

    private static readonly FaultWindow KillC0 = new(1, "kill", "c0", ["c0"], StartMs: 20_000, EndMs: 30_000, "restarted");

    [Fact]
    public void The_other_cells_p99_during_a_fault_is_set_beside_their_p99_with_no_fault()
    {
        var history = new List<Attempt>();
        for (var ms = 0; ms < 60_000; ms += 100)
        {
            var during = KillC0.Covers(ms);
            history.Add(Request("c1", ms, during ? 30 : 10));
            history.Add(Request("c0", ms, during ? 5_000 : 10));   // the cell under the fault does not count for it
        }

        var row = Assert.Single(Isolation.Table(history, [KillC0], warmUpMs: 10_000));
        Assert.Equal(["c1"], row.HealthyCells);
        Assert.Equal(101, row.Answers);
        Assert.Equal(30, row.P99Ms, precision: 0);
        Assert.Equal(10, row.BaselineP99Ms, precision: 0);
        Assert.Equal(3, row.Ratio, precision: 1);
        Assert.False(row.Within(Isolation.Budget));
    }

    [Fact]
    public void Answers_during_the_warm_up_and_just_after_a_fault_are_not_the_baseline()
    {
        var history = new List<Attempt>
        {
            Request("c1", 1_000, 900),                                   // warm-up: JIT, first connections
            Request("c1", KillC0.EndMs + 1_000, 700),                    // held back by the fault, answered after it
            Request("c1", KillC0.StartMs + 1_000, 10),
        };
        for (var ms = 40_000; ms < 50_000; ms += 100) history.Add(Request("c1", ms, 10));

        var row = Assert.Single(Isolation.Table(history, [KillC0], warmUpMs: 10_000));
        Assert.Equal(10, row.BaselineP99Ms, precision: 0);
        Assert.Equal(1, row.Ratio, precision: 1);
    }
}
