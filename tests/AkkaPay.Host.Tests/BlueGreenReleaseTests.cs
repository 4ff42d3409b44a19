using System.Text.Json;
using AkkaPay.Testing;
using Xunit.Abstractions;

namespace AkkaPay.Host.Tests;

/// <summary>
/// The blue-green release of a cell with real processes: a router, c0 on a blue and a green node sharing c0's
/// journal, c1 on a node of its own. Throughout, `akkapay load` sends its whole mix (intra- and cross-cell
/// transfers, merchant and hot-merchant payments, refunds, replays) over accounts in every bucket, and a test
/// client sends cross-cell transfers both ways whose every entry it checks. Operators shift c0 with
/// `akkapay traffic shift`, stop its blue node as a deploy would (SIGTERM), start it again and shift back.
/// </summary>
[Collection(ThreeProcessClustersCollection.Name)]
public class BlueGreenReleaseTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("akkapay-bluegreen-").FullName;

    // c0 (buckets 00-49; green takes the lowest first) and c1 (50-99)
    private static readonly string[] CellA = ["2088000000000105", "2088000000000220", "2088000000000330", "2088000000000445", "2088000000000512", "2088000000000648"];
    private static readonly string[] CellB = ["2088000000000160", "2088000000000275", "2088000000000390", "2088000000000455", "2088000000000587", "2088000000000699"];
    private const long Funding = 1_000_000;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Shifting_a_cell_0_1_50_100_percent_and_redeploying_blue_fails_no_request_and_books_every_payment_once()
    {
        await using var cluster = await ThreeProcessCluster.StartAsync(_data, greenNodeForCellA: true);
        foreach (var account in CellA.Concat(CellB))
        {
            await cluster.OpenAccount(account);
            await cluster.PostUntilOk("/v1/topups", $$"""{"requestId":"fund","accountId":"{{account}}","amount":{{Funding}}}""");
        }
        var report = Path.Combine(_data, "load-report");
        await using var load = AkkapayProcess.Start("load", "--target", $"http://127.0.0.1:{cluster.Router.Port}", "--accounts", "100", "--rate", "30",
            "--duration", "10m", "--token", ThreeProcessCluster.AdminToken, "--report", report);
        var traffic = new CrossCellTraffic(cluster, CellA, CellB, pause: TimeSpan.FromMilliseconds(50));
        using var stop = new CancellationTokenSource();
        var running = traffic.Run(stop.Token);
        await Probe.Until(() => traffic.Acknowledged.Count >= 20 && load.Output.Contains("answered"), Bound, () => $"no traffic flowed before the shifts:\n{load.Output}");

        foreach (var green in new[] { 0, 1, 50, 100 }) await Shift(cluster, green, $"step to {green} %");
        Assert.Equal(100, (await TrafficOf(cluster)).GetProperty("greenPercent").GetInt32());

        Assert.Equal(0, await cluster["cell-a"].Terminate());   // deploy blue: nothing of c0 runs there now
        await Probe.Until(async () => (await TrafficOf(cluster)).GetProperty("liveColors").GetArrayLength() == 1, Bound, "the stopped blue node still counts as live");
        Assert.Equal(ExitCodes.Refused, await ShiftExit(cluster, 50));   // toward a color with no live node
        await cluster.Restart("cell-a");
        await Probe.Until(async () => (await TrafficOf(cluster)).GetProperty("liveColors").GetArrayLength() == 2, Bound, "the restarted blue node never became live");
        await Shift(cluster, 50, "release done");
        var settled = await TrafficOf(cluster);
        Assert.Equal((50, 50, 0), (settled.GetProperty("greenPercent").GetInt32(), settled.GetProperty("targetGreenPercent").GetInt32(), settled.GetProperty("shardsMoving").GetInt32()));

        var before = traffic.Acknowledged.Count;
        await Probe.Until(() => traffic.Acknowledged.Count >= before + 20, Bound, "traffic stopped after the release");
        await stop.CancelAsync();
        await running;
        Assert.True(await load.Terminate() == ExitCodes.Ok, $"akkapay load found the ledger not clean:\n{load.Output}");

        Assert.Empty(traffic.Unknown);   // not one request failed or went unanswered
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(report, "summary.json"))).RootElement;
        Assert.True(summary.GetProperty("errors").GetInt64() == 0, $"akkapay load saw errors:\n{load.Output}");
        output.WriteLine($"akkapay load: {summary.GetProperty("answered")} answers, p99 {summary.GetProperty("latency").GetProperty("p99")} ms");
        await Probe.Until(async () => await LedgerChecks.IsQuiet(cluster, traffic.Acknowledged), Bound, "payments still in transit");
        await LedgerChecks.AssertBookedOnceAndBalanced(cluster, traffic, CellA.Concat(CellB), Funding);
        output.WriteLine($"acknowledged {traffic.Acknowledged.Count} transfers");

        var history = await cluster.Admin("/admin/traffic/history?cell=c0");
        Assert.Equal(["release done", "step to 100 %", "step to 50 %", "step to 1 %", "step to 0 %"],
            history.GetProperty("versions").EnumerateArray().Take(5).Select(v => v.GetProperty("reason").GetString()));
    }

    private async Task Shift(ThreeProcessCluster cluster, int green, string reason)
    {
        await using var shift = AkkapayProcess.Start("traffic", "shift", "c0", "--green", green.ToString(), "--reason", reason,
            "--node", $"127.0.0.1:{cluster.Router.Port}", "--token", ThreeProcessCluster.AdminToken);
        var exit = await shift.WaitForExit(Bound);
        output.WriteLine(shift.Output);
        Assert.True(exit == ExitCodes.Ok, $"traffic shift c0 --green {green} exited {exit}:\n{shift.Output}");
    }

    private static async Task<int> ShiftExit(ThreeProcessCluster cluster, int green)
    {
        await using var shift = AkkapayProcess.Start("traffic", "shift", "c0", "--green", green.ToString(),
            "--node", $"127.0.0.1:{cluster.Router.Port}", "--token", ThreeProcessCluster.AdminToken);
        return await shift.WaitForExit(Bound);
    }

    private static async Task<JsonElement> TrafficOf(ThreeProcessCluster cluster) =>
        (await cluster.Admin("/admin/traffic")).GetProperty("cells").EnumerateArray().Single(c => c.GetProperty("cell").GetString() == "c0");

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
