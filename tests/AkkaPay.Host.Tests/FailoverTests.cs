using System.Text.Json;
using AkkaPay.Cell.Persistence;
using AkkaPay.Testing;
using Xunit.Abstractions;

namespace AkkaPay.Host.Tests;

/// <summary>
/// A cell failed over to another site with real processes: a router, c0 active in site-a on cell-a with a standby
/// node in site-b (cell-a-site-b, the same journal), c1 on a node of its own, with `akkapay load` and cross-cell
/// transfers running (<see cref="ClusterUnderLoad"/>), c0's journal on SQLite or on a PostgreSQL pair (<see cref="C0Journals"/>).
/// Site-a's node of c0 dies (SIGKILL, with site-a's PostgreSQL), or falls silent (SIGSTOP) and wakes after the failover;
/// operators run `akkapay traffic failover c0 --to site-b`, or the routing-table keeper fails c0 over by itself.
/// </summary>
[Collection(ThreeProcessClustersCollection.Name)]
public class FailoverTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("akkapay-failover-").FullName;
    private static readonly TimeSpan Bound = ClusterUnderLoad.Bound;

    public static TheoryData<string> Backends => JournalBackend.All;

    /// <summary>Each backend, with the operator's failover and with the keeper's automatic one.</summary>
    public static TheoryData<string, bool> BackendsAndModes => new() { { JournalBackend.Sqlite, false }, { JournalBackend.Postgres, false }, { JournalBackend.Sqlite, true }, { JournalBackend.Postgres, true } };

    private const int AutomaticAfterSeconds = 3;

    [Theory]
    [MemberData(nameof(BackendsAndModes))]
    public async Task After_site_a_lost_c0_a_failover_to_site_b_serves_it_again_and_every_acknowledged_payment_is_there_once(string backend, bool automatic)
    {
        await using var c0 = await C0Journals.StartAsync(backend, _data);
        var c0Topology = automatic ? $"{c0.Topology},\"autoFailoverAfterSeconds\":{AutomaticAfterSeconds}" : c0.Topology;
        await using var loaded = await ClusterUnderLoad.StartAsync(_data, ThreeProcessCluster.SecondNodeOfCellA.SiteB, resend: true, c0Topology);
        var cluster = loaded.Cluster;

        await cluster.Kill("cell-a");
        await c0.LoseSiteA();
        var fromC0 = loaded.Traffic.AcknowledgedFrom(CrossCellTraffic.AToB);
        if (automatic)
        {
            // the keeper fails c0 over by itself once site-a has had no live node of it for 3 s
            await Probe.Until(async () => (await ActiveCells(cluster)).Contains("site-b: c0"), Bound, "c0 was never failed over automatically");
        }
        else
        {
            // refused while c0's node in site-a still looks healthy; accepted once it is unreachable or gone
            await Probe.Until(async () => !await HasLiveNodeOfC0(cluster, "site-a"), Bound, "site-a's node of c0 never became unreachable");
            await Failover(cluster, force: false, "site-a lost");
        }

        await loaded.AwaitAcknowledgedFrom(CrossCellTraffic.AToB, fromC0 + 20, "c0 never paid again after the failover");
        Assert.Equal(["site-a: c1", "site-b: c0"], await ActiveCells(cluster));
        // the failover downed the lost node itself (the router's side holds the majority), before the resolver's 7 s
        Assert.Contains($"site-a lost: downing its unreachable node {cluster.ClusterAddressOf("cell-a")}", cluster.Router.Output);
        Assert.Equal(2, StoredEpoch.Of(c0.InSiteB));
        await loaded.StopAndCheckLedger(output);   // the resending client got an answer for every transfer; akkapay load saw 503s in the gap
        var newest = (await cluster.Admin("/admin/traffic/history?cell=c0")).GetProperty("versions")[0];
        Assert.Equal(automatic ? $"automatic: no live node of c0 in site-a for {AutomaticAfterSeconds} s" : "site-a lost", newest.GetProperty("reason").GetString());
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task A_site_a_node_that_wakes_after_the_failover_writes_nothing_and_acknowledges_nothing(string backend)
    {
        await using var c0 = await C0Journals.StartAsync(backend, _data);
        await using var loaded = await ClusterUnderLoad.StartAsync(_data, ThreeProcessCluster.SecondNodeOfCellA.SiteB, resend: true, c0.Topology);
        var cluster = loaded.Cluster;

        // c0's auditor starts on its only node in site-a; after the failover it must read site-b's copy of the journal
        await cluster.Audit();
        // c0's active node falls silent with requests on their way to it; the operator forces the failover (the
        // node may still look healthy) and the routing table names site-b
        await cluster["cell-a"].Pause();
        await using var failover = StartFailover(cluster, force: true, "site-a silent");
        await Probe.Until(async () => (await ActiveCells(cluster)).Contains("site-b: c0"), Bound, "the failover never published its table");
        // on PostgreSQL site-b promotes its standby and raises c0's epoch there at once; one SQLite file both sites
        // share stays locked while the silent node froze inside a commit, so site-b's raise may have to wait for it
        if (backend == JournalBackend.Postgres)
            await Probe.Until(() => StoredEpoch.Of(c0.InSiteB) == 2, Bound, "site-b never raised c0's epoch");
        // it wakes before the cluster downs it: what it had queued is refused, by the stored epoch or by the node itself
        // once it sees the new table (a primary whose standby is gone would keep it waiting); then it hands its shards to site-b
        await cluster["cell-a"].Continue();
        var exit = await failover.WaitForExit(TimeSpan.FromSeconds(150));
        output.WriteLine(failover.Output);
        Assert.True(exit == ExitCodes.Ok, $"the failover did not complete: exit {exit}\n{failover.Output}");

        await loaded.AwaitMoreAcknowledged(20, "traffic stopped after the failover");
        Assert.Equal(2, StoredEpoch.Of(c0.InSiteB));
        var fenced = cluster["cell-a"].Output.Split('\n').Count(line => line.Contains("another site took the cell over"));
        output.WriteLine($"cell-a's journal refused {fenced} write(s) after it woke");
        Assert.True(fenced > 0, $"cell-a woke with nothing to write: the test proved nothing\n{cluster["cell-a"].Output}");
        // an acknowledged payment of the old node that did not land would be missing here; one it landed twice, booked twice
        await loaded.StopAndCheckLedger(output);
    }

    private static AkkapayProcess StartFailover(ThreeProcessCluster cluster, bool force, string reason) =>
        AkkapayProcess.Start(["traffic", "failover", "c0", "--to", "site-b", "--reason", reason, "--timeout", "150",
            "--node", $"127.0.0.1:{cluster.Router.Port}", "--token", ThreeProcessCluster.AdminToken, .. force ? new[] { "--force" } : []]);

    private async Task Failover(ThreeProcessCluster cluster, bool force, string reason)
    {
        await using var failover = StartFailover(cluster, force, reason);
        var exit = await failover.WaitForExit(TimeSpan.FromSeconds(150));
        output.WriteLine(failover.Output);
        Assert.True(exit == ExitCodes.Ok, $"traffic failover c0 --to site-b exited {exit}:\n{failover.Output}");
        Assert.Contains("c0 serves from site-b, epoch 2", failover.Output);
    }

    /// <summary>True when /admin/sites shows a member of c0 in <paramref name="site"/> that is Up and reachable.</summary>
    private static async Task<bool> HasLiveNodeOfC0(ThreeProcessCluster cluster, string site) =>
        (await Site(cluster, site)).GetProperty("nodes").EnumerateArray().Any(node =>
            node.GetProperty("reachable").GetBoolean() && node.GetProperty("status").GetString() == "Up"
            && node.GetProperty("roles").EnumerateArray().Any(role => role.GetString() == "cell-c0"));

    private static async Task<JsonElement> Site(ThreeProcessCluster cluster, string site) =>
        (await cluster.Admin("/admin/sites")).GetProperty("sites").EnumerateArray().Single(s => s.GetProperty("site").GetString() == site);

    /// <summary>Each site as "site: cells active in it".</summary>
    private static async Task<IEnumerable<string>> ActiveCells(ThreeProcessCluster cluster) =>
        (await cluster.Admin("/admin/sites")).GetProperty("sites").EnumerateArray().Select(site =>
            $"{site.GetProperty("site").GetString()}: {string.Join(", ", site.GetProperty("activeCells").EnumerateArray().Select(cell => cell.GetString()))}");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }
}
