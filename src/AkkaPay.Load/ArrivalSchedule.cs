namespace AkkaPay.Load;

/// <summary>One step of a ramp: this many requests per second for this long.</summary>
public sealed record RampStep(double RatePerSecond, TimeSpan Duration);

/// <summary>
/// Open loop: when each request is meant to be sent, fixed before the run and independent of the answers, so a
/// slow system cannot slow the load down (and hide its own latency).
/// </summary>
public sealed class ArrivalSchedule
{
    private readonly IReadOnlyList<RampStep> _steps;
    private readonly long? _maxRequests;

    private ArrivalSchedule(IReadOnlyList<RampStep> steps, long? maxRequests)
    {
        if (steps.Count == 0) throw new ArgumentException("a schedule needs at least one step", nameof(steps));
        if (steps.FirstOrDefault(s => !(s.RatePerSecond > 0) || s.Duration <= TimeSpan.Zero) is { } bad)
            throw new ArgumentException($"a rate must be above 0 and a duration above 0 (got {bad.RatePerSecond}/s for {bad.Duration})", nameof(steps));
        if (maxRequests is < 1) throw new ArgumentException("the request cap must be at least 1", nameof(maxRequests));
        _steps = steps;
        _maxRequests = maxRequests;
    }

    public static ArrivalSchedule Constant(double ratePerSecond, TimeSpan duration, long? maxRequests = null) =>
        new([new RampStep(ratePerSecond, duration)], maxRequests);

    public static ArrivalSchedule Ramp(IReadOnlyList<RampStep> steps, long? maxRequests = null) => new(steps, maxRequests);

    /// <summary>"100:10s,200:10s": rate per second and duration of each step.</summary>
    public static IReadOnlyList<RampStep> ParseRamp(string text) =>
        [.. text.Split(',', StringSplitOptions.TrimEntries).Select(step =>
        {
            var parts = step.Split(':');
            if (parts.Length != 2 || !double.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var rate) || !TryParseDuration(parts[1], out var duration))
                throw new FormatException($"ramp step '{step}' is not RATE:DURATION (e.g. 200:10s)");
            return new RampStep(rate, duration);
        })];

    /// <summary>"500ms", "10s", "2m".</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : (text, double.NaN);
        if (double.IsNaN(unit) || !double.TryParse(number, System.Globalization.CultureInfo.InvariantCulture, out var value) || value <= 0) return false;
        duration = TimeSpan.FromSeconds(value * unit);
        return true;
    }

    public TimeSpan Duration => TimeSpan.FromTicks(_steps.Sum(s => s.Duration.Ticks));

    public IReadOnlyList<RampStep> Steps => _steps;

    /// <summary>The intended send time of every request, as an offset from the start, in order.</summary>
    public IEnumerable<TimeSpan> Offsets()
    {
        long sent = 0;
        var stepStart = TimeSpan.Zero;
        foreach (var step in _steps)
        {
            for (long k = 0; ; k++)
            {
                var offset = TimeSpan.FromSeconds(k / step.RatePerSecond);
                if (offset >= step.Duration) break;
                if (_maxRequests is { } max && sent >= max) yield break;
                sent++;
                yield return stepStart + offset;
            }
            stepStart += step.Duration;
        }
    }
}
