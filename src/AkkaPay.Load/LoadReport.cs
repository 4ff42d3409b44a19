using System.Net;
using System.Text;
using System.Text.Json;
using ScottPlot;

namespace AkkaPay.Load;

/// <summary>The report folder of a run: summary.json, three plots and an index.html that shows them.</summary>
public static class LoadReport
{
    public const string SummaryFile = "summary.json";
    public const string ThroughputPlot = "throughput.png";
    public const string LatencyPlot = "latency-over-time.png";
    public const string DistributionPlot = "latency-distribution.png";
    public const string Page = "index.html";

    public static void Write(string folder, LoadSummary summary, IReadOnlyList<(double Percentile, double Milliseconds)> curve)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, SummaryFile), JsonSerializer.Serialize(summary, LoadJsonContext.Default.LoadSummary));

        double[] seconds = [.. summary.Seconds.Select(s => (double)s.Second)];
        ReportPage.SavePlot(Path.Combine(folder, ThroughputPlot), "Answers per second", "second of the run", "per second", plot =>
        {
            plot.Add.Scatter(seconds, summary.Seconds.Select(s => (double)s.Answers).ToArray()).LegendText = "answers";
            plot.Add.Scatter(seconds, summary.Seconds.Select(s => (double)s.Errors).ToArray()).LegendText = "errors";
            MarkShifts(plot, summary.Shifts);
        });
        ReportPage.SavePlot(Path.Combine(folder, LatencyPlot), "Latency over time (from the intended send time)", "second of the run", "milliseconds", plot =>
        {
            plot.Add.Scatter(seconds, summary.Seconds.Select(s => s.P50).ToArray()).LegendText = "p50";
            plot.Add.Scatter(seconds, summary.Seconds.Select(s => s.P99).ToArray()).LegendText = "p99";
            MarkShifts(plot, summary.Shifts);
        });
        ReportPage.SavePlot(Path.Combine(folder, DistributionPlot), "Latency by percentile", "percentile (as nines: 1 = 90 %, 2 = 99 %, 3 = 99.9 %)", "milliseconds", plot =>
            plot.Add.Scatter(curve.Select(c => Nines(c.Percentile)).ToArray(), curve.Select(c => c.Milliseconds).ToArray()).LegendText = "all flows");
        File.WriteAllText(Path.Combine(folder, Page), Html(summary));
    }

    /// <summary>Each traffic shift as a shaded band from when it was asked for to when the nodes hosted what the table said.</summary>
    private static void MarkShifts(Plot plot, IReadOnlyList<ShiftSummary> shifts)
    {
        foreach (var shift in shifts)
        {
            // a band needs some width to show: a shift that settled within a poll still gets a visible sliver
            var band = plot.Add.HorizontalSpan(shift.StartSecond, shift.StartSecond + Math.Max(shift.DurationSeconds, 0.2));
            band.LegendText = $"shift {shift.Label} ({shift.Outcome}, {shift.DurationSeconds:0.0} s)";
        }
    }

    private static double Nines(double percentile) => percentile >= 100 ? 5 : -Math.Log10(1 - percentile / 100);

    private static string Html(LoadSummary s)
    {
        var html = new StringBuilder();
        html.Append($$"""
            <!doctype html><html><head><meta charset="utf-8"><title>AkkaPay load run {{s.StartedAt:yyyy-MM-dd HH:mm:ss}}</title>
            {{ReportPage.Style}}</head><body>
            <h1>AkkaPay load run</h1>
            <p>Started {{s.StartedAt:u}} against {{E(string.Join(", ", s.Targets))}}; schedule {{E(string.Join(", ", s.Schedule.Select(st => $"{st.RatePerSecond:0.#}/s for {st.Duration.TotalSeconds:0.#} s")))}}.
            Sent {{s.Sent}}, answered {{s.Answered}} in {{s.DurationSeconds:0.0}} s: <b>{{s.ThroughputPerSecond:0}} answers/s</b>,
            p50 {{s.Latency.P50:0.0}} ms, p99 {{s.Latency.P99:0.0}} ms, p99.9 {{s.Latency.P999:0.0}} ms, max {{s.Latency.Max:0.0}} ms; errors {{s.Errors}}.
            Latency is measured from each request's intended send time (open loop).</p>
            """);
        html.Append(Ledger(s.Ledger));
        html.Append("<table><tr><th>flow</th><th>count</th><th>per second</th><th>p50 ms</th><th>p90 ms</th><th>p99 ms</th><th>p99.9 ms</th><th>max ms</th><th>errors</th></tr>");
        foreach (var f in s.Flows)
            html.Append($"<tr><td>{E(f.Flow)}</td><td>{f.Count}</td><td>{f.ThroughputPerSecond:0.0}</td><td>{f.Latency.P50:0.0}</td><td>{f.Latency.P90:0.0}</td><td>{f.Latency.P99:0.0}</td><td>{f.Latency.P999:0.0}</td><td>{f.Latency.Max:0.0}</td><td>{E(string.Join(", ", f.ErrorsByCode.Select(e => $"{e.Key} {e.Value}")))}</td></tr>");
        html.Append("</table>");
        if (s.Shifts.Count > 0)
        {
            html.Append("<h2>Traffic shifts (shaded on the plots)</h2>");
            html.Append("<table><tr><th>shift</th><th>at</th><th>took</th><th>outcome</th><th>answers meanwhile</th><th>errors</th><th>p50 ms</th><th>p99 ms</th><th>max ms</th></tr>");
            html.Append($"<tr><td>{LoadSummary.BaselineWindow.TotalSeconds:0} s before the first shift</td><td></td><td></td><td></td><td>{s.BeforeShifts!.Count}</td><td></td><td>{s.BeforeShifts.P50:0.0}</td><td>{s.BeforeShifts.P99:0.0}</td><td>{s.BeforeShifts.Max:0.0}</td></tr>");
            foreach (var sh in s.Shifts)
                html.Append($"<tr><td>{E(sh.Label)}</td><td>{sh.StartSecond:0.0} s</td><td>{sh.DurationSeconds:0.0} s</td><td>{E(sh.Outcome)}</td><td>{sh.Answers}</td><td>{sh.Errors}</td><td>{sh.Latency.P50:0.0}</td><td>{sh.Latency.P99:0.0}</td><td>{sh.Latency.Max:0.0}</td></tr>");
            html.Append("</table>");
        }
        if (s.Steps.Count > 1)
        {
            html.Append("<h2>Latency against offered load (by the step each request was meant for)</h2>");
            html.Append("<table><tr><th>offered per second</th><th>for</th><th>answers</th><th>p50 ms</th><th>p90 ms</th><th>p99 ms</th><th>p99.9 ms</th><th>max ms</th><th>errors</th></tr>");
            foreach (var st in s.Steps)
                html.Append($"<tr><td>{st.OfferedPerSecond:0.#}</td><td>{st.DurationSeconds:0.#} s</td><td>{st.Answers}</td><td>{st.Latency.P50:0.0}</td><td>{st.Latency.P90:0.0}</td><td>{st.Latency.P99:0.0}</td><td>{st.Latency.P999:0.0}</td><td>{st.Latency.Max:0.0}</td><td>{st.Errors}</td></tr>");
            html.Append("</table>");
        }
        foreach (var (file, alt) in new[] { (ThroughputPlot, "answers per second"), (LatencyPlot, "latency over time"), (DistributionPlot, "latency by percentile") })
            html.Append($"<h2>{alt}</h2><img src=\"{file}\" alt=\"{alt}\">");
        html.Append($"<p><a href=\"{SummaryFile}\">{SummaryFile}</a></p></body></html>");
        return html.ToString();
    }

    private static string Ledger(LedgerCheckResult? ledger) => ledger switch
    {
        null => "<p>Ledger: not checked.</p>",
        { AuditAnswered: false } => "<p class=\"bad\">Ledger: the audit did not answer (operator token?).</p>",
        _ => $"<p class=\"{(ledger.Clean ? "ok" : "bad")}\">Ledger: Σ = {E(ledger.Total)}, in transit {E(ledger.InTransit)}, " +
             $"{(ledger.Balanced ? "balanced" : "NOT balanced")}; customers below zero: {(ledger.CustomersBelowZero.Count == 0 ? "none" : E(string.Join(", ", ledger.CustomersBelowZero)))}; " +
             $"acknowledged payments found {ledger.Found} of {ledger.Acknowledged}.</p>",
    };

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
