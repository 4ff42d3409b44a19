using AkkaPay.Chaos;
using Spectre.Console;

namespace AkkaPay.Host.Chaos;

/// <summary>The end of a chaos run on the console: the faults, the isolation table, the anomalies.</summary>
public static class ChaosView
{
    public static void Render(ChaosSummary s)
    {
        var faults = new Table().Border(TableBorder.Rounded).AddColumns("#", "fault", "cells hit", "from s", "to s", "outcome");
        foreach (var f in s.Faults)
            faults.AddRow(f.Number.ToString(), Markup.Escape($"{f.Kind} {f.Target}"), Markup.Escape(string.Join(" ", f.Cells)), $"{f.StartMs / 1000:0.0}", $"{f.EndMs / 1000:0.0}", Markup.Escape(f.Outcome));
        AnsiConsole.Write(faults);

        var isolation = new Table().Border(TableBorder.Rounded).AddColumns("#", "fault", "healthy cells", "answers", "p99 ms", "p99 ms, no fault", "ratio");
        foreach (var r in s.Isolation)
            isolation.AddRow(r.Fault.ToString(), Markup.Escape(r.Label), Markup.Escape(string.Join(" ", r.HealthyCells)), r.Answers.ToString(), $"{r.P99Ms:0.0}", $"{r.BaselineP99Ms:0.0}",
                r.Within(Isolation.Budget) ? $"{r.Ratio:0.0}×" : $"[red]{r.Ratio:0.0}×[/]");
        AnsiConsole.Write(isolation);

        foreach (var a in s.Anomalies)
            AnsiConsole.MarkupLine($"[red]anomaly[/] {Markup.Escape(a.Anomaly.ToString())} [grey](faults around: {string.Join(" ", a.FaultsAround)})[/]");
        AnsiConsole.MarkupLine(
            $"seed {s.Seed}: {s.Requests} requests ({s.Acknowledged} acknowledged, {s.Refused} refused, {s.Unknown} unknown), " +
            $"faults {Markup.Escape(string.Join(", ", s.FaultsByKind.Select(k => $"{k.Key} {k.Value}")))}; " +
            (s.Anomalies.Count == 0 ? "[green]0 anomalies[/]" : $"[red]{s.Anomalies.Count} anomalies[/]") +
            $"; isolation over {Isolation.Budget}× in {s.IsolationBreaches} of {s.Isolation.Count} faults");
    }
}
