using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AkkaPay.Testing;

namespace AkkaPay.Host.Tests;

public class DownedNodeTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("akkapay-downed-").FullName;

    [Fact]
    public async Task A_node_the_cluster_downed_while_it_was_silent_exits_non_zero_and_says_why()
    {
        await using var cluster = await ThreeProcessCluster.StartAsync(_data);
        await cluster.PostUntilOk("/v1/accounts", """{"accountId":"2088000000000160","type":"personal"}""");   // c1 on cell-b is in

        await cluster["cell-b"].Pause();
        // the majority (router, cell-a) downs the silent node and removes it
        await Probe.Until(async () => !(await MemberRoles(cluster)).Contains("cell-c1"), TimeSpan.FromSeconds(90), "cell-b was never removed");
        await cluster["cell-b"].Continue();

        var exitCode = await cluster["cell-b"].WaitForExit(TimeSpan.FromSeconds(60));
        Assert.Equal(ExitCodes.Downed, exitCode);
        Assert.Contains("the cluster downed this node", cluster["cell-b"].Output);
    }

    private static async Task<HashSet<string>> MemberRoles(ThreeProcessCluster cluster)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/cluster");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ThreeProcessCluster.AdminToken);
        var body = await (await cluster.Router.Http.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();
        return [.. body.GetProperty("members").EnumerateArray().SelectMany(m => m.GetProperty("roles").EnumerateArray()).Select(r => r.GetString()!)];
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }
}
