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
        var summary = LoadSummary.From(DateTimeOffset.UnixEpoch, [new Uri("http://127.0.0.1:8080")], ArrivalSchedule.Constant(100, TimeSpan.FromSeconds(3)), TimeSpan.FromSeconds(3), 300, recorder, [], ledger);

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

    [Fact]
    public void A_ramp_s_report_shows_the_latency_of_each_step()
    {
        var schedule = ArrivalSchedule.Ramp([new RampStep(100, TimeSpan.FromSeconds(1)), new RampStep(200, TimeSpan.FromSeconds(1))]);
        var recorder = new LatencyRecorder(schedule.Steps);
        for (var i = 0; i < 100; i++) recorder.Record(Flow.TopUp, TimeSpan.FromMilliseconds(10 * i), TimeSpan.FromMilliseconds(10 * i + 5), null);
        for (var i = 0; i < 200; i++) recorder.Record(Flow.TopUp, TimeSpan.FromMilliseconds(1_000 + 5 * i), TimeSpan.FromMilliseconds(1_000 + 5 * i + 80), null);
        var summary = LoadSummary.From(DateTimeOffset.UnixEpoch, [new Uri("http://127.0.0.1:8080")], schedule, TimeSpan.FromSeconds(2), 300, recorder, [],
            new LedgerCheckResult(true, true, "0", "0", [], 300, 300, []));

        LoadReport.Write(_folder, summary, recorder.PercentileCurve());

        var steps = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, LoadReport.SummaryFile))).RootElement.GetProperty("steps").EnumerateArray()
            .Select(step => (step.GetProperty("offeredPerSecond").GetDouble(), step.GetProperty("answers").GetInt64(), step.GetProperty("latency").GetProperty("p99").GetDouble()))
            .ToList();
        Assert.Equal([(100.0, 100L), (200.0, 200L)], steps.Select(step => (step.Item1, step.Item2)));
        Assert.InRange(steps[0].Item3, 4.9, 5.1);
        Assert.InRange(steps[1].Item3, 79.9, 80.1);
        Assert.Contains("Latency against offered load", File.ReadAllText(Path.Combine(_folder, LoadReport.Page)));
    }

    [Fact]
    public void A_run_with_a_traffic_shift_reports_how_long_it_took_and_the_latency_meanwhile_against_before()
    {
        var recorder = new LatencyRecorder();
        // 100 answers a second in 5 ms; those sent from 4 s to 5.95 s, while the shift runs, in 40 ms (one 503), so seconds 4 and 5 hold 200 answers
        for (var i = 0; i < 800; i++)
        {
            var during = i is >= 400 and < 595;
            recorder.Record(Flow.CrossCellTransfer, TimeSpan.FromMilliseconds(10 * i), TimeSpan.FromMilliseconds(10 * i + (during ? 40 : 5)), during && i == 450 ? "cell_unavailable" : null);
        }
        var shift = new ShiftMark(ShiftStep.Parse("c0:100@4s"), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5.9), ShiftOutcome.Done);
        var summary = LoadSummary.From(DateTimeOffset.UnixEpoch, [new Uri("http://127.0.0.1:8080")], ArrivalSchedule.Constant(100, TimeSpan.FromSeconds(8)), TimeSpan.FromSeconds(8), 800, recorder,
            [shift], new LedgerCheckResult(true, true, "0", "0", [], 799, 799, []));

        LoadReport.Write(_folder, summary, recorder.PercentileCurve());

        var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, LoadReport.SummaryFile))).RootElement;
        var reported = json.GetProperty("shifts").EnumerateArray().Single();
        Assert.Equal(("c0", 100, "done"), (reported.GetProperty("cell").GetString(), reported.GetProperty("greenPercent").GetInt32(), reported.GetProperty("outcome").GetString()));
        Assert.Equal(1.9, reported.GetProperty("durationSeconds").GetDouble(), 3);
        Assert.Equal((200, 1), (reported.GetProperty("answers").GetInt64(), reported.GetProperty("errors").GetInt64()));
        Assert.InRange(reported.GetProperty("latency").GetProperty("p99").GetDouble(), 39.9, 40.1);
        Assert.Equal(400, json.GetProperty("beforeShifts").GetProperty("count").GetInt64());
        Assert.InRange(json.GetProperty("beforeShifts").GetProperty("p99").GetDouble(), 4.9, 5.1);
        Assert.Contains("c0 → green 100 %", File.ReadAllText(Path.Combine(_folder, LoadReport.Page)));
    }

    [Fact]
    public void The_latency_before_a_shift_is_that_of_the_warm_seconds_just_before_it_not_of_the_start()
    {
        var recorder = new LatencyRecorder();
        // 100 answers a second for 20 s: the first 2 s in 300 ms (a cold process), the rest in 5 ms; a shift at 15 s
        for (var i = 0; i < 2000; i++)
            recorder.Record(Flow.IntraCellTransfer, TimeSpan.FromMilliseconds(10 * i), TimeSpan.FromMilliseconds(10 * i + (i < 200 ? 300 : 5)), null);
        var shift = new ShiftMark(ShiftStep.Parse("c0:100@15s"), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(16), ShiftOutcome.Done);

        var summary = LoadSummary.From(DateTimeOffset.UnixEpoch, [new Uri("http://127.0.0.1:8080")], ArrivalSchedule.Constant(100, TimeSpan.FromSeconds(20)), TimeSpan.FromSeconds(20), 2000, recorder,
            [shift], null);

        Assert.Equal(1000, summary.BeforeShifts!.Count);
        Assert.InRange(summary.BeforeShifts.P99, 4.9, 5.1);
    }

    [Theory]
    [InlineData("c0:100@15s", "c0", 100, 15.0)]
    [InlineData("c12:0@500ms", "c12", 0, 0.5)]
    public void A_shift_step_reads_cell_green_and_time(string text, string cell, int green, double seconds) =>
        Assert.Equal(new ShiftStep(cell, green, TimeSpan.FromSeconds(seconds)), ShiftStep.Parse(text));

    [Theory]
    [InlineData("c0:101@1s")]
    [InlineData("c0:50")]
    [InlineData(":50@1s")]
    [InlineData("c0@1s")]
    [InlineData("c0:x@1s")]
    [InlineData("c0:50@soon")]
    public void A_malformed_shift_step_is_refused(string text) =>
        Assert.Throws<FormatException>(() => ShiftStep.Parse(text));

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
