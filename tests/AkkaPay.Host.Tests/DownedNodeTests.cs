using AkkaPay.Testing;

namespace AkkaPay.Host.Tests;

[Collection(ThreeProcessClustersCollection.Name)]
public class DownedNodeTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("akkapay-downed-").FullName;

    [Fact]
    public async Task A_node_the_cluster_downed_while_it_was_silent_exits_non_zero_and_says_why()
    {
        await using var cluster = await ThreeProcessCluster.StartAsync(_data);
        await cluster.OpenAccount("2088000000000160");   // c1 on cell-b is in

        await cluster["cell-b"].Pause();
        // the majority (router, cell-a) downs the silent node and removes it
        await Probe.Until(async () => !(await MemberRoles(cluster)).Contains("cell-c1"), TimeSpan.FromSeconds(90), "cell-b was never removed");
        await cluster["cell-b"].Continue();

        var exitCode = await cluster["cell-b"].WaitForExit(TimeSpan.FromSeconds(60));
        Assert.Equal(ExitCodes.Downed, exitCode);
        Assert.Contains("the cluster downed this node", cluster["cell-b"].Output);
    }

    private static async Task<HashSet<string>> MemberRoles(ThreeProcessCluster cluster) =>
    [
        .. (await cluster.Admin("/admin/cluster")).GetProperty("members").EnumerateArray()
            .SelectMany(member => member.GetProperty("roles").EnumerateArray()).Select(role => role.GetString()!),
    ];

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }
}
