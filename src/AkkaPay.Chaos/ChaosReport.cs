using System.Net;
using System.Text;
using System.Text.Json;
using AkkaPay.Chaos.Checking;
using AkkaPay.Chaos.Faults;
using AkkaPay.Load;
using ScottPlot;

namespace AkkaPay.Chaos;

/// <summary>The report folder of a chaos run: summary.json, history.jsonl, the fault timeline over throughput and latency, index.html.</summary>
public static class ChaosReport
{
    public const string SummaryFile = "summary.json";
    public const string HistoryFile = "history.jsonl";
    public const string ThroughputPlot = "throughput.png";
    public const string LatencyPlot = "latency.png";
    public const string Page = "index.html";

    /// <summary>How far from an anomaly's requests a fault window still counts as around it.</summary>
    public const double AroundMs = 10_000;

    /// <summary>The faults whose windows lie within <see cref="AroundMs"/> of any of the requests (all of them, for an anomaly of the journals alone).</summary>
    public static IReadOnlyList<int> FaultsAround(Anomaly anomaly, IReadOnlyList<Attempt> history, IReadOnlyList<FaultWindow> faults)
    {
        var times = history.Where(a => anomaly.RequestIds.Contains(a.RequestId)).SelectMany(a => new[] { a.IntendedMs, a.AnsweredMs }).ToList();
        return times.Count == 0
            ? [.. faults.Select(f => f.Number)]
            : [.. faults.Where(f => times.Any(t => t >= f.StartMs - AroundMs && t <= f.EndMs + AroundMs)).Select(f => f.Number)];
    }

    public static void Write(string folder, ChaosSummary summary, IReadOnlyList<Attempt> history)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, SummaryFile), JsonSerializer.Serialize(summary, ChaosJsonContext.Default.ChaosSummary));
        using (var lines = new StreamWriter(Path.Combine(folder, HistoryFile)))
            foreach (var attempt in history.OrderBy(a => a.IntendedMs)) lines.WriteLine(JsonSerializer.Serialize(attempt, HistoryJsonContext.Default.Attempt));

        var seconds = history.GroupBy(a => (int)(a.AnsweredMs / 1000)).OrderBy(g => g.Key).ToList();
        double[] x = [.. seconds.Select(s => (double)s.Key)];
        SaveWithFaults(Path.Combine(folder, ThroughputPlot), "Answers per second, faults shaded", "per second", summary.Faults, plot =>
        {
            plot.Add.Scatter(x, seconds.Select(s => (double)s.Count(a => a.Kind == AnswerKind.Acknowledged)).ToArray()).LegendText = "acknowledged";
            plot.Add.Scatter(x, seconds.Select(s => (double)s.Count(a => a.Kind == AnswerKind.Unknown)).ToArray()).LegendText = "unknown (no answer, unavailable)";
        });
        SaveWithFaults(Path.Combine(folder, LatencyPlot), "Latency per second (from the intended send time), faults shaded", "ms", summary.Faults, plot =>
        {
            plot.Add.Scatter(x, seconds.Select(s => Percentile(s, 0.5)).ToArray()).LegendText = "p50";
            plot.Add.Scatter(x, seconds.Select(s => Percentile(s, 0.99)).ToArray()).LegendText = "p99";
            plot.Axes.SetLimitsY(0, Math.Max(1, seconds.Select(s => Percentile(s, 0.99)).DefaultIfEmpty(1).Max()));
        });
        File.WriteAllText(Path.Combine(folder, Page), Html(summary));
    }

    private static double Percentile(IEnumerable<Attempt> attempts, double fraction)
    {
        var sorted = attempts.Select(a => a.LatencyMs).Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(fraction * sorted.Length) - 1)];
    }

    /// <summary>A plot over the seconds of the run with each fault's window shaded and numbered.</summary>
    private static void SaveWithFaults(string path, string title, string yLabel, IReadOnlyList<FaultWindow> faults, Action<Plot> draw) =>
        ReportPage.SavePlot(path, title, "second of the run", yLabel, plot =>
        {
            foreach (var fault in faults)
            {
                plot.Add.HorizontalSpan(fault.StartMs / 1000, Math.Max(fault.EndMs, fault.StartMs + 200) / 1000);
                plot.Add.Text($"{fault.Number}", fault.StartMs / 1000, 0);
            }
            draw(plot);
        }, width: 1100);

    private static string Html(ChaosSummary s)
    {
        var html = new StringBuilder();
        html.Append($$"""
            <!doctype html><html><head><meta charset="utf-8"><title>AkkaPay chaos run, seed {{s.Seed}}</title>
            {{ReportPage.Style}}</head><body>
            <h1>AkkaPay chaos run</h1>
            <p>Seed <b>{{s.Seed}}</b> on {{E(s.Topology)}}, started {{s.StartedAt:u}}, {{s.DurationSeconds:0}} s at {{s.RatePerSecond:0.#}} requests/s; CPUs: {{E(s.Cpus)}}.
            Requests {{s.Requests}}: acknowledged {{s.Acknowledged}}, refused {{s.Refused}}, unknown (no answer, unavailable) {{s.Unknown}}.
            Faults: {{E(string.Join(", ", s.FaultsByKind.Select(k => $"{k.Key} {k.Value}")))}}.</p>
            <p class="{{(s.Anomalies.Count == 0 ? "ok" : "bad")}}"><b>{{s.Anomalies.Count}} anomalies</b>; {{s.IsolationBreaches}} of {{s.Isolation.Count}} faults took the healthy cells' p99 past {{Isolation.Budget}}× their p99 without a fault.</p>
            """);
        if (s.Anomalies.Count > 0)
        {
            html.Append("<h2>Anomalies</h2><table><tr><th>kind</th><th>subject</th><th>detail</th><th>requests</th><th>faults around</th></tr>");
            foreach (var a in s.Anomalies)
                html.Append($"<tr><td>{E(a.Anomaly.Kind)}</td><td>{E(a.Anomaly.Subject)}</td><td>{E(a.Anomaly.Detail)}</td><td>{E(string.Join(" ", a.Anomaly.RequestIds))}</td><td>{E(string.Join(" ", a.FaultsAround))}</td></tr>");
            html.Append("</table>");
        }
        html.Append("<h2>Faults (shaded on the plots, numbered)</h2><table><tr><th>#</th><th>fault</th><th>cells hit</th><th>from s</th><th>to s</th><th>outcome</th></tr>");
        foreach (var f in s.Faults)
            html.Append($"<tr><td>{f.Number}</td><td>{E(f.Kind)} {E(f.Target)}</td><td>{E(string.Join(" ", f.Cells))}</td><td>{f.StartMs / 1000:0.0}</td><td>{f.EndMs / 1000:0.0}</td><td>{E(f.Outcome)}</td></tr>");
        html.Append("</table><h2>Isolation: the other cells during each fault</h2><table><tr><th>#</th><th>fault</th><th>healthy cells</th><th>answers</th><th>p99 ms</th><th>p99 ms without faults</th><th>ratio</th></tr>");
        foreach (var r in s.Isolation)
            html.Append($"<tr><td>{r.Fault}</td><td>{E(r.Label)}</td><td>{E(string.Join(" ", r.HealthyCells))}</td><td>{r.Answers}</td><td>{r.P99Ms:0.0}</td><td>{r.BaselineP99Ms:0.0}</td><td class=\"{(r.Within(Isolation.Budget) ? "ok" : "bad")}\">{r.Ratio:0.0}×</td></tr>");
        html.Append("</table>");
        foreach (var (file, alt) in new[] { (ThroughputPlot, "answers per second"), (LatencyPlot, "latency") })
            html.Append($"<h2>{alt}</h2><img src=\"{file}\" alt=\"{alt}\">");
        html.Append($"<p><a href=\"{SummaryFile}\">{SummaryFile}</a> · <a href=\"{HistoryFile}\">{HistoryFile}</a></p></body></html>");
        return html.ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
