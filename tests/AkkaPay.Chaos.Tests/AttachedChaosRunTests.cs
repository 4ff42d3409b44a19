using System.Text.Json;
using AkkaPay.Chaos.Servers;
using AkkaPay.Host;
using AkkaPay.Host.Chaos;
using AkkaPay.Testing;
using Xunit.Abstractions;

namespace AkkaPay.Chaos.Tests;

/// <summary>
/// `akkapay chaos --attach` on a cluster it did not start: a router and two cell processes the test starts, c1
/// journaling on a PostgreSQL server the test starts. The run finds them by their ports, kills (and starts again as
/// they were started), cuts off and stalls them, checks the ledger, and leaves the cluster running whole (a pause
/// is a signal to a process id like a kill, and the suite's other run has them).
/// </summary>
[Collection(ChaosRuns.Collection)]
public class AttachedChaosRunTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Token = "attached-chaos-token";
    private readonly string _folder = Directory.CreateTempSubdirectory("akkapay-attach-").FullName;
    private readonly List<AkkapayProcess> _nodes = [];
    private readonly Dictionary<string, (int Remoting, int Http)> _ports = new[] { "router", "cell-0", "cell-1" }.ToDictionary(n => n, _ => (FreePort.Next(), FreePort.Next()));
    private PostgresServer _postgres = null!;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.StartAsync(FreePort.Next());
        await _postgres.CreateDatabaseAsync("akkapay_c1");
        await File.WriteAllTextAsync(TopologyPath, $$"""
            {
              "sites": ["site-a"],
              "cells": [
                { "id": "c0", "buckets": ["00-49"], "site": "site-a", "journal": { "provider": "sqlite", "path": "cell-c0.db" } },
                { "id": "c1", "buckets": ["50-99"], "site": "site-a", "journal": { "provider": "postgres", "connectionString": "{{_postgres.ConnectionString("akkapay_c1")}}" } }
              ],
              "nodes": [
                { "name": "router", "remotingPort": {{_ports["router"].Remoting}}, "httpPort": {{_ports["router"].Http}}, "router": true },
                { "name": "cell-0", "remotingPort": {{_ports["cell-0"].Remoting}}, "httpPort": {{_ports["cell-0"].Http}}, "cells": ["c0"] },
                { "name": "cell-1", "remotingPort": {{_ports["cell-1"].Remoting}}, "httpPort": {{_ports["cell-1"].Http}}, "cells": ["c1"] }
              ]
            }
            """);
        foreach (var (name, ports) in _ports)
            _nodes.Add(AkkapayProcess.Start(ports.Http, "node", "--topology", TopologyPath, "--node", name, "--data", DataFolder, "--admin-token", Token));
        foreach (var node in _nodes) await node.WhenReady();
    }

    [Fact]
    public async Task It_faults_a_running_cluster_finds_no_anomaly_and_leaves_it_running_whole()
    {
        var report = Path.Combine(_folder, "report");
        await using var chaos = AkkapayProcess.Start("chaos", "--attach", "--topology", TopologyPath, "--data", DataFolder, "--token", Token,
            "--duration", "60s", "--seed", "7", "--rate", "30", "--accounts", "60", "--faults", "kill,partition,db-stall", "--report", report);
        var exit = await chaos.WaitForExit(TimeSpan.FromMinutes(5));
        output.WriteLine(chaos.Output);

        Assert.True(exit == ExitCodes.Ok, $"chaos exited {exit}:\n{chaos.Output}");
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(report, "summary.json")));
        var faults = summary.RootElement.GetProperty("faultsByKind");
        foreach (var kind in new[] { "kill", "partition", "db-stall" })
            Assert.True(faults.TryGetProperty(kind, out var count) && count.GetInt32() >= 1, $"no {kind} fault in the run: {faults}");
        foreach (var (name, ports) in _ports)
        {
            using var http = new HttpClient();
            Assert.True((await http.GetAsync($"http://127.0.0.1:{ports.Http}/health/ready")).IsSuccessStatusCode, $"node {name} does not run on after the run");
        }
        Assert.Empty(new[] { "/sys/fs/cgroup", "/sys/fs/cgroup/unified" }.Where(Directory.Exists).SelectMany(root => Directory.EnumerateDirectories(root, "akkapay-chaos-*")));
    }

    private string TopologyPath => Path.Combine(_folder, "attached.json");

    private string DataFolder => Path.Combine(_folder, "data");

    /// <summary>The test's nodes, and those the run started again in their place (no longer the test's children).</summary>
    public async Task DisposeAsync()
    {
        foreach (var node in _nodes) await node.DisposeAsync();
        foreach (var ports in _ports.Values)
            if (ListeningProcess.Find(ports.Remoting) is { } pid) Signals.TrySend(pid, Signals.Kill);
        await _postgres.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
