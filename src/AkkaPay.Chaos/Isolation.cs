using AkkaPay.Chaos.Checking;
using AkkaPay.Chaos.Faults;
using HdrHistogram;

namespace AkkaPay.Chaos;

/// <summary>During one fault: the latency of the requests that touched none of the cells it hit, beside the same cells' with no fault.</summary>
public sealed record IsolationRow(int Fault, string Label, IReadOnlyList<string> HealthyCells, long Answers, double P99Ms, double BaselineP99Ms)
{
    /// <summary>How many times their p99 with no fault the healthy cells' p99 was; 0 when either side has no answer.</summary>
    public double Ratio => Answers == 0 || BaselineP99Ms == 0 ? 0 : P99Ms / BaselineP99Ms;

    public bool Within(double budget) => Ratio <= budget;
}

/// <summary>
/// Isolation: what a fault of some cells did to the others. A request counts for the cells it touches; it is in a
/// fault's window when it was meant to be sent inside it. The baseline is every request after the warm-up that
/// was out, from its send to its answer, while no fault was under way nor had ended less than
/// <see cref="AfterFaultMs"/> before (the answers a fault held back arrive just after it).
/// </summary>
public static class Isolation
{
    public const double Budget = 2.0;
    public const double AfterFaultMs = 5_000;

    public static IReadOnlyList<IsolationRow> Table(IReadOnlyList<Attempt> history, IReadOnlyList<FaultWindow> faults, double warmUpMs)
    {
        var quiet = history.Where(a => a.IntendedMs >= warmUpMs && !faults.Any(f => a.IntendedMs <= f.EndMs + AfterFaultMs && a.AnsweredMs >= f.StartMs)).ToList();
        var rows = new List<IsolationRow>();
        foreach (var fault in faults)
        {
            bool Healthy(Attempt a) => !a.Cells.Any(fault.Cells.Contains);
            var during = history.Where(a => fault.Covers(a.IntendedMs) && Healthy(a)).ToList();
            var healthyCells = during.SelectMany(a => a.Cells).Distinct().Order().ToList();
            rows.Add(new IsolationRow(fault.Number, $"{fault.Kind} {fault.Target}", healthyCells, during.Count, P99(during), P99(quiet.Where(Healthy))));
        }
        return rows;
    }

    private static double P99(IEnumerable<Attempt> attempts)
    {
        var histogram = new LongHistogram(120_000_000, 3);
        foreach (var attempt in attempts) histogram.RecordValue(Math.Clamp((long)(attempt.LatencyMs * 1000), 0, 120_000_000));
        return histogram.TotalCount == 0 ? 0 : histogram.GetValueAtPercentile(99) / 1000.0;
    }
}
