using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AkkaPay.Testing;

namespace AkkaPay.Host.Tests;

/// <summary>A router and two cell processes started with `akkapay node`, as cells/three-process.json describes, on free ports.</summary>
public class MultiProcessTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("akkapay-3p-").FullName;

    private string WriteTopology((string Name, int Remoting, int Http)[] nodes)
    {
        var path = Path.Combine(_data, "three-process.json");
        File.WriteAllText(path, $$$"""
            {"sites":["site-a"],
             "cells":[{"id":"c0","buckets":["00-49"],"site":"site-a","journal":{"provider":"sqlite","path":"cell-c0.db"}},
                      {"id":"c1","buckets":["50-99"],"site":"site-a","journal":{"provider":"sqlite","path":"cell-c1.db"}}],
             "nodes":[{"name":"router","remotingPort":{{{nodes[0].Remoting}}},"httpPort":{{{nodes[0].Http}}},"router":true},
                      {"name":"cell-a","remotingPort":{{{nodes[1].Remoting}}},"httpPort":{{{nodes[1].Http}}},"cells":["c0"]},
                      {"name":"cell-b","remotingPort":{{{nodes[2].Remoting}}},"httpPort":{{{nodes[2].Http}}},"cells":["c1"]}]}
            """);
        return path;
    }

    [Fact]
    public async Task A_router_and_two_cell_processes_move_money_across_cells_in_both_directions()
    {
        var nodes = new[] { "router", "cell-a", "cell-b" }.Select(name => (name, FreePort.Next(), FreePort.Next())).ToArray();
        var topology = WriteTopology(nodes);
        var processes = nodes.Select(n => AkkapayProcess.Start(n.Item3, "node", "--topology", topology, "--node", n.name, "--data", _data, "--admin-token", "tk")).ToList();
        try
        {
            foreach (var process in processes) await process.WhenReady();
            var router = processes[0];
            await RetryUntilOk(router, "/v1/accounts", "{\"accountId\":\"2088000000000110\",\"type\":\"personal\"}");   // c0 on cell-a
            await RetryUntilOk(router, "/v1/accounts", "{\"accountId\":\"2088000000000260\",\"type\":\"personal\"}");   // c1 on cell-b
            await RetryUntilOk(router, "/v1/topups", "{\"requestId\":\"t1\",\"accountId\":\"2088000000000110\",\"amount\":1000}");
            await RetryUntilOk(router, "/v1/transfers", "{\"requestId\":\"x1\",\"from\":\"2088000000000110\",\"to\":\"2088000000000260\",\"amount\":300}");
            await RetryUntilOk(router, "/v1/transfers", "{\"requestId\":\"y1\",\"from\":\"2088000000000260\",\"to\":\"2088000000000110\",\"amount\":100}");

            foreach (var paymentId in new[] { "2088000000000110-x1", "2088000000000260-y1" })
                await Until(async () => (await router.Http.GetFromJsonAsync<JsonElement>($"/v1/payments/{paymentId}")).GetProperty("status").GetString() == "succeeded");
            Assert.Equal(800, await Balance(router, "2088000000000110"));
            Assert.Equal(200, await Balance(router, "2088000000000260"));

            var audit = new HttpRequestMessage(HttpMethod.Get, "/admin/ledger/audit");
            audit.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "tk");
            var report = await (await router.Http.SendAsync(audit)).Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(report.GetProperty("balanced").GetBoolean(), report.ToString());
            Assert.True(File.Exists(Path.Combine(_data, "cell-c0.db")) && File.Exists(Path.Combine(_data, "cell-c1.db")));
        }
        finally
        {
            foreach (var process in processes) await process.DisposeAsync();
        }
    }

    /// <summary>The cells join the router's cluster a few seconds after it forms; until then their buckets answer 503.</summary>
    private static async Task RetryUntilOk(AkkapayProcess router, string path, string body) =>
        await Until(async () => (await router.Http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"))).IsSuccessStatusCode);

    private static Task Until(Func<Task<bool>> condition) => Probe.Until(condition, TimeSpan.FromSeconds(60), "condition not met");

    private static async Task<long> Balance(AkkapayProcess node, string accountId) =>
        (await node.Http.GetFromJsonAsync<JsonElement>($"/v1/accounts/{accountId}")).GetProperty("balance").GetInt64();

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
