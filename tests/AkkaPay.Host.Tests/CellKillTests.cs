using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AkkaPay.Testing;
using Xunit.Abstractions;

namespace AkkaPay.Host.Tests;

/// <summary>The chaos test of issue 4: kill -9 one cell's process in the middle of cross-cell traffic, start it again, then prove the ledger.</summary>
[Collection(ThreeProcessClustersCollection.Name)]
public class CellKillTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("akkapay-chaos-").FullName;

    private static readonly string[] CellA = ["2088000000000110", "2088000000000220", "2088000000000330"];   // c0, on cell-a
    private static readonly string[] CellB = ["2088000000000160", "2088000000000270", "2088000000000380"];   // c1, on cell-b
    private const long Funding = 1_000_000;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Killing_a_cell_process_mid_stream_loses_no_acknowledged_payment_and_applies_none_twice()
    {
        await using var cluster = await ThreeProcessCluster.StartAsync(_data);
        foreach (var account in CellA.Concat(CellB))
        {
            await cluster.OpenAccount(account);
            await cluster.PostUntilOk("/v1/topups", $$"""{"requestId":"fund","accountId":"{{account}}","amount":{{Funding}}}""");
        }

        var traffic = new CrossCellTraffic(cluster, CellA, CellB);
        using var stop = new CancellationTokenSource();
        var running = traffic.Run(stop.Token);
        await AcknowledgedAtLeast(traffic, CrossCellTraffic.AToB, 15);
        await AcknowledgedAtLeast(traffic, CrossCellTraffic.BToA, 15);

        await cluster.Kill("cell-b");
        var sentToDeadCell = traffic.AcknowledgedFrom(CrossCellTraffic.AToB);
        // c1's buckets answer 503 at once with Retry-After; c0 keeps answering, and keeps sending credits to c1
        await Probe.Until(async () => await IsCellUnavailable(cluster, CellB[0]), Bound, "c1's account never answered 503 cell_unavailable");
        Assert.Equal(HttpStatusCode.OK, (await cluster.Router.Http.GetAsync($"/v1/accounts/{CellA[0]}")).StatusCode);
        await AssertOperatorSeesTheCellDown(cluster);
        await AcknowledgedAtLeast(traffic, CrossCellTraffic.AToB, sentToDeadCell + 10);

        await cluster.Restart("cell-b");
        await AcknowledgedAtLeast(traffic, CrossCellTraffic.BToA, traffic.AcknowledgedFrom(CrossCellTraffic.BToA) + 10);
        await stop.CancelAsync();
        await running;

        await Probe.Until(async () => await LedgerChecks.IsQuiet(cluster, traffic.Acknowledged), Bound, "payments still in transit");
        var applied = await LedgerChecks.AssertBookedOnceAndBalanced(cluster, traffic, CellA.Concat(CellB), Funding);
        output.WriteLine($"acknowledged {traffic.Acknowledged.Count}, unknown {traffic.Unknown.Count} of which applied {applied.Count - traffic.Acknowledged.Count}");
    }

    /// <summary>`akkapay cell show c1`, as JSON and as a table, shows the cell's routing and no reachable node (its node is unreachable, or already downed), and no ledger.</summary>
    private static async Task AssertOperatorSeesTheCellDown(ThreeProcessCluster cluster)
    {
        await using var show = AkkapayProcess.Start("cell", "show", "c1", "--node", $"127.0.0.1:{cluster.Router.Port}", "--token", ThreeProcessCluster.AdminToken, "--json");
        Assert.True(await show.WaitForExit(Bound) == 0, $"cell show failed:\n{show.Output}");
        var cell = JsonDocument.Parse(show.Output.Trim()).RootElement;
        Assert.Equal("50-99", cell.GetProperty("buckets")[0].GetString());
        Assert.All(cell.GetProperty("nodes").EnumerateArray(), node => Assert.False(node.GetProperty("reachable").GetBoolean()));
        Assert.False(cell.TryGetProperty("ledger", out _), "a dead cell has no ledger to show");

        await using var table = AkkapayProcess.Start("cell", "show", "c1", "--node", $"127.0.0.1:{cluster.Router.Port}", "--token", ThreeProcessCluster.AdminToken);
        Assert.True(await table.WaitForExit(Bound) == 0, $"cell show (table) failed:\n{table.Output}");
        Assert.Contains("ledger: the cell does not answer", table.Output);
    }

    private static Task AcknowledgedAtLeast(CrossCellTraffic traffic, string lane, int count) =>
        Probe.Until(() => traffic.AcknowledgedFrom(lane) >= count, Bound, $"{lane}: fewer than {count} transfers acknowledged");

    private static async Task<bool> IsCellUnavailable(ThreeProcessCluster cluster, string account)
    {
        using var response = await cluster.Router.Http.GetAsync($"/v1/accounts/{account}");
        if (response.StatusCode != HttpStatusCode.ServiceUnavailable || response.Headers.RetryAfter is null) return false;
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString() == "cell_unavailable";
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
