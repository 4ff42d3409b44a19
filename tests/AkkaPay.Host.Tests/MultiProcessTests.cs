using System.Net.Http.Json;
using System.Text.Json;
using AkkaPay.Testing;

namespace AkkaPay.Host.Tests;

[Collection(ThreeProcessClustersCollection.Name)]
public class MultiProcessTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("akkapay-3p-").FullName;

    [Fact]
    public async Task A_router_and_two_cell_processes_move_money_across_cells_in_both_directions()
    {
        await using var cluster = await ThreeProcessCluster.StartAsync(_data);
        await cluster.OpenAccount("2088000000000110");   // c0 on cell-a
        await cluster.OpenAccount("2088000000000260");   // c1 on cell-b
        await cluster.PostUntilOk("/v1/topups", "{\"requestId\":\"t1\",\"accountId\":\"2088000000000110\",\"amount\":1000}");
        await cluster.PostUntilOk("/v1/transfers", "{\"requestId\":\"x1\",\"from\":\"2088000000000110\",\"to\":\"2088000000000260\",\"amount\":300}");
        await cluster.PostUntilOk("/v1/transfers", "{\"requestId\":\"y1\",\"from\":\"2088000000000260\",\"to\":\"2088000000000110\",\"amount\":100}");

        foreach (var paymentId in new[] { "2088000000000110-x1", "2088000000000260-y1" })
            await Probe.Until(async () => (await cluster.Router.Http.GetFromJsonAsync<JsonElement>($"/v1/payments/{paymentId}")).GetProperty("status").GetString() == "succeeded",
                TimeSpan.FromSeconds(60), $"{paymentId} did not succeed");
        Assert.Equal(800, await Balance(cluster.Router, "2088000000000110"));
        Assert.Equal(200, await Balance(cluster.Router, "2088000000000260"));

        var audit = await cluster.Audit();
        Assert.True(audit.GetProperty("balanced").GetBoolean(), audit.ToString());
        Assert.True(File.Exists(Path.Combine(_data, "cell-c0.db")) && File.Exists(Path.Combine(_data, "cell-c1.db")));
        // a cell node starts no routing-table singleton manager (Akka refuses one without the router role)
        foreach (var node in new[] { "router", "cell-a", "cell-b" })
            Assert.True(cluster[node].LogLines("fail", "crit").Count == 0, $"{node} logged failures:\n{string.Join('\n', cluster[node].LogLines("fail", "crit"))}");
    }

    private static async Task<long> Balance(AkkapayProcess node, string accountId) =>
        (await node.Http.GetFromJsonAsync<JsonElement>($"/v1/accounts/{accountId}")).GetProperty("balance").GetInt64();

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
