using System.Diagnostics;
using AkkaPay.Load;
using Spectre.Console;

namespace AkkaPay.Host.Commands;

/// <summary>The traffic shifts of `load --shift`, made one after another at their times while the run sends.</summary>
public static class LoadShifts
{
    public static readonly TimeSpan SettleMax = TimeSpan.FromSeconds(120);

    /// <param name="clock">The run's clock: the marks are placed on its time line.</param>
    /// <param name="stop">Once the run stops sending, shifts not yet begun are not made; one under way still settles.</param>
    public static async Task<IReadOnlyList<ShiftMark>> RunAsync(IReadOnlyList<ShiftStep> steps, OperatorClient node, Stopwatch clock, CancellationToken stop)
    {
        var shifter = new TrafficShifter(node);
        var marks = new List<ShiftMark>();
        foreach (var step in steps.OrderBy(s => s.At))
        {
            try
            {
                var wait = step.At - clock.Elapsed;
                if (wait > TimeSpan.Zero) await Task.Delay(wait, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            var label = $"{step.Cell} → green {step.GreenPercent} %";
            var from = clock.Elapsed;
            var outcome = await shifter.Request(step.Cell, step.GreenPercent, $"akkapay load --shift {step.Cell}:{step.GreenPercent}", CancellationToken.None) is not { } shifted
                ? ShiftOutcome.Refused
                : await shifter.AwaitSettled(step.Cell, shifted.RoutingVersion, SettleMax,
                    now => AnsiConsole.MarkupLine($"[grey]{clock.Elapsed.TotalSeconds,6:0.0} s[/]  shift {label}: {now.ShardsMoving} shard(s) moving"),
                    CancellationToken.None) is null
                    ? ShiftOutcome.TimedOut
                    : ShiftOutcome.Done;
            marks.Add(new ShiftMark(step, from, clock.Elapsed, outcome));
            AnsiConsole.MarkupLine($"[grey]{clock.Elapsed.TotalSeconds,6:0.0} s[/]  shift {label}: {outcome} in {(clock.Elapsed - from).TotalSeconds:0.0} s");
        }
        return marks;
    }
}
