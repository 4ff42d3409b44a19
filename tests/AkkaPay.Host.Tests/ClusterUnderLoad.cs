using System.Text.Json;
using AkkaPay.Testing;
using Xunit.Abstractions;

namespace AkkaPay.Host.Tests;

/// <summary>
/// A <see cref="ThreeProcessCluster"/> with funded accounts in c0 and c1 and two kinds of traffic running over it
/// until <see cref="StopAndCheckLedger"/>: `akkapay load` with its whole mix (intra- and cross-cell transfers,
/// merchant and hot-merchant payments, refunds, replays) over accounts in every bucket, and a test client's
/// cross-cell transfers both ways, whose every entry the end checks.
/// </summary>
public sealed class ClusterUnderLoad : IAsyncDisposable
{
    // c0 (buckets 00-49; green takes the lowest first) and c1 (50-99)
    public static readonly string[] CellA = ["2088000000000105", "2088000000000220", "2088000000000330", "2088000000000445", "2088000000000512", "2088000000000648"];
    public static readonly string[] CellB = ["2088000000000160", "2088000000000275", "2088000000000390", "2088000000000455", "2088000000000587", "2088000000000699"];
    public const long Funding = 1_000_000;
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    private readonly string _report;
    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;

    private ClusterUnderLoad(ThreeProcessCluster cluster, CrossCellTraffic traffic, string report)
    {
        Cluster = cluster;
        Traffic = traffic;
        _report = report;
    }

    public ThreeProcessCluster Cluster { get; }
    public CrossCellTraffic Traffic { get; }
    public AkkapayProcess Load { get; private set; } = null!;

    /// <param name="resend">The test client sends a transfer whose answer was unknown again until acknowledged (<see cref="CrossCellTraffic"/>).</param>
    /// <param name="c0Journals">c0's journals in the topology (<see cref="ThreeProcessCluster.C0OnSqlite"/> by default).</param>
    public static async Task<ClusterUnderLoad> StartAsync(string data, ThreeProcessCluster.SecondNodeOfCellA second, bool resend,
        string c0Journals = ThreeProcessCluster.C0OnSqlite)
    {
        var cluster = await ThreeProcessCluster.StartAsync(data, second, c0Journals);
        foreach (var account in CellA.Concat(CellB))
        {
            await cluster.OpenAccount(account);
            await cluster.PostUntilOk("/v1/topups", $$"""{"requestId":"fund","accountId":"{{account}}","amount":{{Funding}}}""");
        }
        var loaded = new ClusterUnderLoad(cluster, new CrossCellTraffic(cluster, CellA, CellB, pause: TimeSpan.FromMilliseconds(50), resend), Path.Combine(data, "load-report"));
        // longer than any test: the end stops it with SIGTERM
        loaded.Load = AkkapayProcess.Start("load", "--target", $"http://127.0.0.1:{cluster.Router.Port}", "--accounts", "100", "--rate", "30",
            "--duration", "10m", "--token", ThreeProcessCluster.AdminToken, "--report", loaded._report);
        loaded._running = loaded.Traffic.Run(loaded._stop.Token);
        await Probe.Until(() => loaded.Traffic.Acknowledged.Count >= 20 && loaded.Load.Output.Contains("answered"), Bound,
            () => $"no traffic flowed:\n{loaded.Load.Output}");
        return loaded;
    }

    /// <summary>Waits until the test client has <paramref name="more"/> transfers acknowledged beyond those it has now.</summary>
    public async Task AwaitMoreAcknowledged(int more, string why)
    {
        var before = Traffic.Acknowledged.Count;
        await Probe.Until(() => Traffic.Acknowledged.Count >= before + more, Bound, why);
    }

    /// <summary>The lane's acknowledged transfers reach <paramref name="count"/>.</summary>
    public Task AwaitAcknowledgedFrom(string lane, int count, string why) =>
        Probe.Until(() => Traffic.AcknowledgedFrom(lane) >= count, Bound, why);

    /// <summary>
    /// Stops both kinds of traffic and proves the ledger: `akkapay load` found it clean, no transfer of the test
    /// client was left unanswered, every payment settled, each booked exactly once, the audit balanced.
    /// </summary>
    /// <returns>`akkapay load`'s summary.</returns>
    public async Task<JsonElement> StopAndCheckLedger(ITestOutputHelper output)
    {
        await _stop.CancelAsync();
        await _running;
        // its end waits for answers still out, for the ledger to settle (≤ 30 s), then looks up every acknowledged payment
        Assert.True(await Load.Terminate(within: TimeSpan.FromSeconds(150)) == ExitCodes.Ok, $"akkapay load found the ledger not clean:\n{Load.Output}");
        Assert.Empty(Traffic.Unknown);
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(_report, "summary.json"))).RootElement;
        output.WriteLine($"test client: {Traffic.Acknowledged.Count} transfers acknowledged, {Traffic.Resent} sent again after an unknown answer; " +
                         $"akkapay load: {summary.GetProperty("answered")} answers, {summary.GetProperty("errors")} errors, p99 {summary.GetProperty("latency").GetProperty("p99")} ms");
        await Probe.Until(async () => await LedgerChecks.IsQuiet(Cluster, Traffic.Acknowledged), Bound, "payments still in transit");
        await LedgerChecks.AssertBookedOnceAndBalanced(Cluster, Traffic, CellA.Concat(CellB), Funding);
        return summary;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (InvalidOperationException)
        {
            // a refusal the test did not get to see, as it failed earlier: the processes must stop all the same
        }
        await Load.DisposeAsync();
        await Cluster.DisposeAsync();
        _stop.Dispose();
    }
}
