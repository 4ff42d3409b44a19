using System.Diagnostics;
using System.Runtime.InteropServices;
using AkkaPay.Load;
using Spectre.Console;

namespace AkkaPay.Host.Commands;

/// <summary>What `akkapay load` was asked to do.</summary>
public sealed record LoadPlan(
    IReadOnlyList<Uri> Targets, int Accounts, string? Reuse, ArrivalSchedule Schedule, FlowMix Mix, string ReportFolder, string? OperatorToken, int MaxInFlight, int Seed,
    IReadOnlyList<ShiftStep> Shifts);

/// <summary>
/// One run of the load generator: accounts, the open-loop run with a live view (and the traffic shifts it was
/// given), the ledger check, the report. Ctrl-C or SIGTERM ends the sending early; the rest still happens.
/// </summary>
public static class LoadSession
{
    public static async Task<int> RunAsync(LoadPlan plan, CancellationToken cancel)
    {
        using var client = new RouterClient(plan.Targets, plan.OperatorToken);
        foreach (var target in plan.Targets)
        {
            using var probe = new RouterClient([target], null);
            if ((await probe.Get("/health/ready", cancel)).Status != 200)
            {
                await Console.Error.WriteLineAsync($"akkapay load: {target} is not reachable or not ready (GET /health/ready)");
                return ExitCodes.Refused;
            }
        }

        Directory.CreateDirectory(plan.ReportFolder);
        var accounts = plan.Reuse is { } reuse
            ? AccountSet.Load(reuse)
            : await AccountSet.CreateAsync(client, plan.Accounts, (plan.Seed % 10_000).ToString("0000"), cancel);
        accounts.Save(Path.Combine(plan.ReportFolder, "accounts.json"));
        AnsiConsole.MarkupLine($"{accounts.Personal.Count} accounts in {accounts.Personal.Select(a => a.Cell).Distinct().Count()} cells, {accounts.Merchants.Count} merchants, hot merchant {accounts.HotMerchant.Id}");

        var recorder = new LatencyRecorder(plan.Schedule.Steps);
        var workload = new Workload(accounts, plan.Mix, $"L{DateTime.UtcNow:HHmmss}{plan.Seed % 1000:000}", plan.Seed);
        var runner = new LoadRunner(client, workload, recorder, plan.MaxInFlight);
        using var stopSending = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        void StopSending(PosixSignalContext signal)
        {
            signal.Cancel = true;   // keep the process: drain, check the ledger, write the report
            stopSending.Cancel();
        }
        using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, StopSending);
        using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, StopSending);

        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var shifts = LoadShifts.RunAsync(plan.Shifts, new OperatorClient(plan.Targets[0].Authority, plan.OperatorToken), clock, stopSending.Token);
        // the live view redraws in place, so it would swallow the shifts' lines: with shifts, a line a second
        var took = AnsiConsole.Profile.Capabilities.Interactive && plan.Shifts.Count == 0
            ? await AnsiConsole.Live(ProgressView(null)).StartAsync(live => runner.RunAsync(plan.Schedule, p =>
            {
                live.UpdateTarget(ProgressView(p));
                live.Refresh();
            }, stopSending.Token))
            : await runner.RunAsync(plan.Schedule, ShowProgress, stopSending.Token);
        var marks = await shifts;

        var ledger = await LedgerCheck.RunAsync(client, workload.Acknowledged, CancellationToken.None);
        var summary = LoadSummary.From(startedAt, plan.Targets, plan.Schedule, took, recorder.Count, recorder, marks, ledger);
        LoadReport.Write(plan.ReportFolder, summary, recorder.PercentileCurve());
        Render(summary);
        AnsiConsole.MarkupLine($"report: {Markup.Escape(Path.GetFullPath(Path.Combine(plan.ReportFolder, LoadReport.Page)))}");
        return ledger.Clean ? ExitCodes.Ok : ExitCodes.LedgerNotClean;
    }

    /// <summary>On a terminal: one table, redrawn every second.</summary>
    private static Table ProgressView(RunProgress? p)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("elapsed", "sent", "answered", "answers/s", "errors", "p50 ms", "p99 ms");
        table.AddRow(p is null
            ? ["starting", "", "", "", "", "", ""]
            : [$"{p.Elapsed.TotalSeconds:0.0} s", p.Sent.ToString(), p.Answered.ToString(), p.RatePerSecond.ToString("0"), p.Errors.ToString(), p.Latency.P50.ToString("0.0"), p.Latency.P99.ToString("0.0")]);
        return table;
    }

    /// <summary>Without a terminal (a pipe, a CI log): a line a second.</summary>
    private static void ShowProgress(RunProgress p) =>
        AnsiConsole.MarkupLine($"[grey]{p.Elapsed.TotalSeconds,6:0.0} s[/]  sent {p.Sent,8}  answered {p.Answered,8}  {p.RatePerSecond,7:0}/s  errors {p.Errors,6}  p50 {p.Latency.P50,7:0.0} ms  p99 {p.Latency.P99,7:0.0} ms");

    /// <summary>The latency curve of a ramp: what the requests meant for each step got.</summary>
    private static Table StepsTable(IReadOnlyList<StepSummary> steps)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("offered/s", "for", "answers", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "errors");
        foreach (var step in steps)
            table.AddRow(step.OfferedPerSecond.ToString("0.#"), $"{step.DurationSeconds:0.#} s", step.Answers.ToString(), step.Latency.P50.ToString("0.0"),
                step.Latency.P99.ToString("0.0"), step.Latency.P999.ToString("0.0"), step.Latency.Max.ToString("0.0"), step.Errors.ToString());
        return table;
    }

    /// <summary>Each shift's duration and the latency while it ran, beside the latency in the seconds before the first one.</summary>
    private static Table ShiftsTable(LoadSummary s)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("shift", "at", "took", "outcome", "answers", "errors", "p50 ms", "p99 ms", "max ms");
        var before = s.BeforeShifts!;
        table.AddRow($"{LoadSummary.BaselineWindow.TotalSeconds:0} s before the first", "", "", "", before.Count.ToString(), "", before.P50.ToString("0.0"), before.P99.ToString("0.0"), before.Max.ToString("0.0"));
        foreach (var shift in s.Shifts)
            table.AddRow(Markup.Escape(shift.Label), $"{shift.StartSecond:0.0} s", $"{shift.DurationSeconds:0.0} s", shift.Outcome, shift.Answers.ToString(), shift.Errors.ToString(),
                shift.Latency.P50.ToString("0.0"), shift.Latency.P99.ToString("0.0"), shift.Latency.Max.ToString("0.0"));
        return table;
    }

    private static void Render(LoadSummary s)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("flow", "count", "per s", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms", "errors");
        foreach (var f in s.Flows)
            table.AddRow(f.Flow, f.Count.ToString(), f.ThroughputPerSecond.ToString("0.0"), f.Latency.P50.ToString("0.0"), f.Latency.P90.ToString("0.0"),
                f.Latency.P99.ToString("0.0"), f.Latency.P999.ToString("0.0"), f.Latency.Max.ToString("0.0"),
                Markup.Escape(string.Join(", ", f.ErrorsByCode.Select(e => $"{e.Key} {e.Value}"))));
        table.AddRow("[bold]all[/]", $"[bold]{s.Answered}[/]", $"[bold]{s.ThroughputPerSecond:0.0}[/]", $"{s.Latency.P50:0.0}", $"{s.Latency.P90:0.0}",
            $"{s.Latency.P99:0.0}", $"{s.Latency.P999:0.0}", $"{s.Latency.Max:0.0}", s.Errors.ToString());
        AnsiConsole.Write(table);
        if (s.Steps.Count > 1) AnsiConsole.Write(StepsTable(s.Steps));
        if (s.Shifts.Count > 0) AnsiConsole.Write(ShiftsTable(s));
        var ledger = s.Ledger!;
        AnsiConsole.MarkupLine(ledger.Clean
            ? $"[green]ledger clean[/]: Σ = {ledger.Total}, in transit {ledger.InTransit}, nobody below zero, {ledger.Found} of {ledger.Acknowledged} acknowledged payments found"
            : $"[red]ledger NOT clean[/]: audit answered {ledger.AuditAnswered}, balanced {ledger.Balanced}, below zero {ledger.CustomersBelowZero.Count}, missing {ledger.Missing.Count} of {ledger.Acknowledged}");
    }
}
