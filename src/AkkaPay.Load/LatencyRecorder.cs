using HdrHistogram;

namespace AkkaPay.Load;

/// <summary>Latency of one flow (or of one second of the run): percentiles in milliseconds.</summary>
public sealed record LatencySummary(long Count, double P50, double P90, double P99, double P999, double Max)
{
    public static LatencySummary Of(HistogramBase histogram) => histogram.TotalCount == 0
        ? new LatencySummary(0, 0, 0, 0, 0, 0)
        : new LatencySummary(histogram.TotalCount, Ms(histogram.GetValueAtPercentile(50)), Ms(histogram.GetValueAtPercentile(90)),
            Ms(histogram.GetValueAtPercentile(99)), Ms(histogram.GetValueAtPercentile(99.9)), Ms(histogram.GetMaxValue()));

    private static double Ms(long microseconds) => microseconds / 1000.0;
}

/// <summary>
/// Records every answer's latency, measured from the request's <em>intended</em> send time (the schedule's), not
/// from when it actually left: a request that waited for a busy client or a stalled system counts that wait.
/// This is the correction for coordinated omission. Thread-safe.
/// </summary>
public sealed class LatencyRecorder
{
    private const long HighestMicroseconds = 120_000_000;

    private readonly Lock _lock = new();
    private readonly LongHistogram _all = new(HighestMicroseconds, 3);
    private readonly Dictionary<Flow, LongHistogram> _byFlow = [];
    private readonly Dictionary<Flow, Dictionary<string, long>> _errors = [];
    private readonly SortedDictionary<int, LongHistogram> _bySecond = [];
    private readonly SortedDictionary<int, long> _errorsBySecond = [];
    private readonly IReadOnlyList<RampStep> _steps;
    /// <summary>When each step ends, from the start of the run.</summary>
    private readonly TimeSpan[] _stepEnds;
    private readonly LongHistogram[] _byStep;
    private readonly long[] _errorsByStep;

    /// <param name="steps">The schedule's steps: each answer also counts for the step its request was meant to be sent in.</param>
    public LatencyRecorder(IReadOnlyList<RampStep>? steps = null)
    {
        _steps = steps ?? [];
        var end = TimeSpan.Zero;
        _stepEnds = [.. _steps.Select(step => end += step.Duration)];
        _byStep = [.. _steps.Select(_ => new LongHistogram(HighestMicroseconds, 3))];
        _errorsByStep = new long[_steps.Count];
    }

    /// <param name="intended">When the schedule meant to send it, from the start of the run.</param>
    /// <param name="completed">When its answer arrived, from the start of the run.</param>
    /// <param name="errorCode">The problem's code, or null for a 2xx.</param>
    public void Record(Flow flow, TimeSpan intended, TimeSpan completed, string? errorCode)
    {
        var microseconds = Math.Clamp((long)(completed - intended).TotalMicroseconds, 0, HighestMicroseconds);
        var second = (int)completed.TotalSeconds;
        var step = StepOf(intended);
        lock (_lock)
        {
            _all.RecordValue(microseconds);
            Histogram(_byFlow, flow).RecordValue(microseconds);
            Histogram(_bySecond, second).RecordValue(microseconds);
            if (step >= 0) _byStep[step].RecordValue(microseconds);
            if (errorCode is null) return;
            var errors = _errors.TryGetValue(flow, out var known) ? known : _errors[flow] = [];
            errors[errorCode] = errors.GetValueOrDefault(errorCode) + 1;
            _errorsBySecond[second] = _errorsBySecond.GetValueOrDefault(second) + 1;
            if (step >= 0) _errorsByStep[step]++;
        }
    }

    public long Count
    {
        get { lock (_lock) return _all.TotalCount; }
    }

    public long Errors
    {
        get { lock (_lock) return _errors.Values.Sum(e => e.Values.Sum()); }
    }

    public IReadOnlyDictionary<Flow, LatencySummary> ByFlow()
    {
        lock (_lock) return _byFlow.ToDictionary(pair => pair.Key, pair => LatencySummary.Of(pair.Value));
    }

    public LatencySummary All()
    {
        lock (_lock) return LatencySummary.Of(_all);
    }

    /// <summary>The latency at each of the usual percentiles, over all answers: the distribution's shape.</summary>
    public IReadOnlyList<(double Percentile, double Milliseconds)> PercentileCurve()
    {
        lock (_lock)
        {
            if (_all.TotalCount == 0) return [];
            return [.. new[] { 0.0, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 100 }.Select(p => (p, _all.GetValueAtPercentile(p) / 1000.0))];
        }
    }

    public IReadOnlyDictionary<Flow, IReadOnlyDictionary<string, long>> ErrorsByFlow()
    {
        lock (_lock) return _errors.ToDictionary(pair => pair.Key, pair => (IReadOnlyDictionary<string, long>)new Dictionary<string, long>(pair.Value));
    }

    /// <summary>Per second of the run (by completion): answers, errors and latency.</summary>
    public IReadOnlyList<(int Second, long Errors, LatencySummary Latency)> BySecond()
    {
        lock (_lock) return [.. _bySecond.Select(pair => (pair.Key, _errorsBySecond.GetValueOrDefault(pair.Key), LatencySummary.Of(pair.Value)))];
    }

    /// <summary>Per step of the schedule (by intended send time): the latency the system gave at that offered load.</summary>
    public IReadOnlyList<(RampStep Step, long Errors, LatencySummary Latency)> ByStep()
    {
        lock (_lock) return [.. _steps.Select((step, i) => (step, _errorsByStep[i], LatencySummary.Of(_byStep[i])))];
    }

    /// <summary>
    /// The answers that arrived from <paramref name="from"/> to <paramref name="to"/> (whole seconds of the run,
    /// widened to cover both ends): how the system did while something happened, such as a traffic shift.
    /// </summary>
    public (long Errors, LatencySummary Latency) Window(TimeSpan from, TimeSpan to)
    {
        var first = (int)Math.Floor(from.TotalSeconds);
        var last = Math.Max(first, (int)Math.Ceiling(to.TotalSeconds) - 1);
        var window = new LongHistogram(HighestMicroseconds, 3);
        long errors = 0;
        lock (_lock)
        {
            foreach (var (second, histogram) in _bySecond.Where(pair => pair.Key >= first && pair.Key <= last))
            {
                window.Add(histogram);
                errors += _errorsBySecond.GetValueOrDefault(second);
            }
        }
        return (errors, LatencySummary.Of(window));
    }

    /// <returns>The index of the step <paramref name="intended"/> falls in, or -1 past the last one (or without steps).</returns>
    private int StepOf(TimeSpan intended) => Array.FindIndex(_stepEnds, end => intended < end);

    private static LongHistogram Histogram<TKey>(IDictionary<TKey, LongHistogram> histograms, TKey key) where TKey : notnull =>
        histograms.TryGetValue(key, out var histogram) ? histogram : histograms[key] = new LongHistogram(HighestMicroseconds, 3);
}
