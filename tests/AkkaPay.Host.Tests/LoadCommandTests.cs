using System.Text.Json;
using AkkaPay.Testing;

namespace AkkaPay.Host.Tests;

/// <summary>`akkapay load` against a real `akkapay up`: a short, low-rate run writes its report and finds the ledger clean; it can shift traffic as it runs, and stops early on SIGTERM.</summary>
public class LoadCommandTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("akkapay-load-").FullName;

    [Fact]
    public async Task A_short_run_writes_its_report_and_finds_the_ledger_clean()
    {
        await using var node = AkkapayProcess.Up(Path.Combine(_data, "data"), "--admin-token", "tk");
        await node.WhenReady();
        var report = Path.Combine(_data, "report");

        // the only node is blue, so c0 can go all blue (and is there already): the shift is made and settles at once
        await using var load = AkkapayProcess.Start("load", "--target", $"http://127.0.0.1:{node.Port}", "--accounts", "20", "--rate", "40", "--duration", "2s",
            "--token", "tk", "--report", report, "--seed", "7", "--shift", "c0:0@1s");

        Assert.True(await load.WaitForExit(TimeSpan.FromMinutes(2)) == 0, load.Output);
        Assert.Contains("ledger clean", load.Output);
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(report, "summary.json"))).RootElement;
        Assert.Equal(80, summary.GetProperty("sent").GetInt64());
        Assert.True(summary.GetProperty("ledger").GetProperty("clean").GetBoolean());
        Assert.True(summary.GetProperty("ledger").GetProperty("acknowledged").GetInt32() > 0);
        var shift = summary.GetProperty("shifts").EnumerateArray().Single();
        Assert.Equal(("c0", 0, "done"), (shift.GetProperty("cell").GetString(), shift.GetProperty("greenPercent").GetInt32(), shift.GetProperty("outcome").GetString()));
        Assert.InRange(shift.GetProperty("startSecond").GetDouble(), 0.9, 2.0);   // a timer may fire a hair early
        foreach (var file in new[] { "index.html", "throughput.png", "latency-over-time.png", "latency-distribution.png", "accounts.json" })
            Assert.True(File.Exists(Path.Combine(report, file)), $"{file} missing");
    }

    [Fact]
    public async Task SIGTERM_ends_the_sending_early_and_the_run_still_checks_the_ledger_and_reports()
    {
        await using var node = AkkapayProcess.Up(Path.Combine(_data, "data"), "--admin-token", "tk");
        await node.WhenReady();
        var report = Path.Combine(_data, "report");
        await using var load = AkkapayProcess.Start("load", "--target", $"http://127.0.0.1:{node.Port}", "--accounts", "10", "--rate", "20", "--duration", "10m",
            "--token", "tk", "--report", report);
        await Probe.Until(() => load.Output.Contains("answered"), TimeSpan.FromSeconds(60), "the run never started sending");

        Assert.Equal(0, await load.Terminate());
        Assert.Contains("ledger clean", load.Output);
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(report, "summary.json"))).RootElement;
        Assert.InRange(summary.GetProperty("sent").GetInt64(), 1, 20 * 60);
    }

    [Theory]
    [InlineData("--rate 10 --shift c0:0@1s --target http://127.0.0.1:1", "needs the operator token")]
    [InlineData("--rate 10 --duration 2s --token tk --shift c0:0@30s", "past the end of the run")]
    [InlineData("--rate 10 --token tk --shift c0:101@1s", "green must be 0–100")]
    [InlineData("--rate 0", "rate must be above 0")]
    [InlineData("--rate 10 --mix teleport=1", "unknown flow 'teleport'")]
    [InlineData("--rate 10 --ramp 10:1s", "not both")]
    [InlineData("--duration 10s", "give --rate")]
    [InlineData("--rate 10 --target ftp://x", "not an http URL")]
    [InlineData("--rate 10 --target http://127.0.0.1:1", "not reachable")]
    public async Task Bad_arguments_exit_non_zero_with_the_reason(string arguments, string reason)
    {
        await using var load = AkkapayProcess.Start(["load", .. arguments.Split(' ')]);
        Assert.NotEqual(0, await load.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Contains(reason, load.Output);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }
}
