using System.Text.Json;
using AkkaPay.Load;

namespace AkkaPay.Load.Tests;

public class LoadReportTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("akkapay-report-").FullName;

    [Fact]
    public void The_report_holds_the_summary_three_plots_and_a_page_that_shows_them()
    {
        var recorder = new LatencyRecorder();
        for (var i = 0; i < 300; i++) recorder.Record(i % 2 == 0 ? Flow.MerchantPayment : Flow.Refund, TimeSpan.FromMilliseconds(10 * i), TimeSpan.FromMilliseconds(10 * i + 3 + i % 17), i % 50 == 0 ? "insufficient_funds" : null);
        var ledger = new LedgerCheckResult(true, true, "0", "0", [], 294, 294, []);
        var summary = LoadSummary.From(DateTimeOffset.UnixEpoch, [new Uri("http://127.0.0.1:8080")], ArrivalSchedule.Constant(100, TimeSpan.FromSeconds(3)), TimeSpan.FromSeconds(3), 300, recorder, ledger);

        LoadReport.Write(_folder, summary, recorder.PercentileCurve());

        var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, LoadReport.SummaryFile))).RootElement;
        Assert.Equal(300, json.GetProperty("answered").GetInt64());
        Assert.Equal(["pay", "refund"], json.GetProperty("flows").EnumerateArray().Select(f => f.GetProperty("flow").GetString()));
        Assert.True(json.GetProperty("ledger").GetProperty("clean").GetBoolean());
        var page = File.ReadAllText(Path.Combine(_folder, LoadReport.Page));
        foreach (var plot in new[] { LoadReport.ThroughputPlot, LoadReport.LatencyPlot, LoadReport.DistributionPlot })
        {
            Assert.Contains($"src=\"{plot}\"", page);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(Path.Combine(_folder, plot)).Take(4));
        }
        Assert.Contains("balanced", page);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
