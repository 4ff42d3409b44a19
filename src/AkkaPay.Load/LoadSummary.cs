using System.Text.Json.Serialization;

namespace AkkaPay.Load;

public sealed record FlowSummary(string Flow, long Count, double ThroughputPerSecond, LatencySummary Latency, IReadOnlyDictionary<string, long> ErrorsByCode);

public sealed record SecondSummary(int Second, long Answers, long Errors, double P50, double P99);

/// <summary>The requests meant to be sent during one step of the schedule, and the latency they got: one point of the latency curve.</summary>
public sealed record StepSummary(double OfferedPerSecond, double DurationSeconds, long Answers, long Errors, LatencySummary Latency);

/// <summary>A traffic shift during the run: how long it took and what the answers that arrived meanwhile got.</summary>
public sealed record ShiftSummary(string Cell, int GreenPercent, double StartSecond, double DurationSeconds, string Outcome, long Answers, long Errors, LatencySummary Latency)
{
    public string Label => $"{Cell} → green {GreenPercent} %";
}

/// <summary>Everything a run measured: what summary.json holds and the report shows.</summary>
public sealed record LoadSummary(
    DateTimeOffset StartedAt,
    IReadOnlyList<string> Targets,
    IReadOnlyList<RampStep> Schedule,
    double DurationSeconds,
    long Sent,
    long Answered,
    long Errors,
    double ThroughputPerSecond,
    LatencySummary Latency,
    IReadOnlyList<FlowSummary> Flows,
    IReadOnlyList<SecondSummary> Seconds,
    IReadOnlyList<StepSummary> Steps,
    IReadOnlyList<ShiftSummary> Shifts,
    LatencySummary? BeforeShifts,
    LedgerCheckResult? Ledger)
{
    /// <summary>What a shift is compared with: the seconds just before the first one, when the processes are warm
    /// (the run's first seconds are the JIT's, and would flatter every shift).</summary>
    public static readonly TimeSpan BaselineWindow = TimeSpan.FromSeconds(10);

    public static LoadSummary From(DateTimeOffset startedAt, IEnumerable<Uri> targets, ArrivalSchedule schedule, TimeSpan took, long sent, LatencyRecorder recorder,
        IReadOnlyList<ShiftMark> shifts, LedgerCheckResult? ledger)
    {
        var seconds = Math.Max(took.TotalSeconds, 0.001);
        var errors = recorder.ErrorsByFlow();
        return new LoadSummary(startedAt, [.. targets.Select(t => t.ToString())], schedule.Steps, took.TotalSeconds, sent, recorder.Count, recorder.Errors,
            recorder.Count / seconds, recorder.All(),
            [.. recorder.ByFlow().OrderBy(f => f.Key).Select(f => new FlowSummary(
                FlowMix.NameOf(f.Key), f.Value.Count, f.Value.Count / seconds, f.Value, errors.GetValueOrDefault(f.Key) ?? new Dictionary<string, long>()))],
            [.. recorder.BySecond().Select(s => new SecondSummary(s.Second, s.Latency.Count, s.Errors, s.Latency.P50, s.Latency.P99))],
            [.. recorder.ByStep().Select(s => new StepSummary(s.Step.RatePerSecond, s.Step.Duration.TotalSeconds, s.Latency.Count, s.Errors, s.Latency))],
            [.. shifts.Select(shift => Summarize(shift, recorder))],
            shifts.Count == 0 ? null : Baseline(recorder, shifts.Min(shift => shift.From)),
            ledger);
    }

    private static LatencySummary Baseline(LatencyRecorder recorder, TimeSpan firstShift)
    {
        var from = firstShift > BaselineWindow ? firstShift - BaselineWindow : TimeSpan.Zero;
        return recorder.Window(from, firstShift).Latency;
    }

    private static ShiftSummary Summarize(ShiftMark shift, LatencyRecorder recorder)
    {
        var (errors, latency) = recorder.Window(shift.From, shift.To);
        var outcome = shift.Outcome switch { ShiftOutcome.Done => "done", ShiftOutcome.Refused => "refused", _ => "timed out" };
        return new ShiftSummary(shift.Step.Cell, shift.Step.GreenPercent, shift.From.TotalSeconds, (shift.To - shift.From).TotalSeconds, outcome, latency.Count, errors, latency);
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(AccountSet))]
[JsonSerializable(typeof(LoadSummary))]
internal sealed partial class LoadJsonContext : JsonSerializerContext;
