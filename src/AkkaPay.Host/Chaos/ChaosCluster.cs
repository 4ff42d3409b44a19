using System.Net;
using AkkaPay.Host.Topology;

namespace AkkaPay.Host.Chaos;

/// <summary>
/// Every node of a topology as processes a chaos run starts on loopback: one data folder for all (a cell's nodes
/// share its SQLite file), a log file per node, the run's operator token on each.
/// </summary>
public sealed class ChaosCluster : IAsyncDisposable
{
    public static readonly TimeSpan ReadyMax = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan StopMax = TimeSpan.FromSeconds(30);

    private readonly Topology.Topology _topology;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(2) };

    public ChaosCluster(string topologyPath, Topology.Topology topology, string folder, string dataFolder, string operatorToken)
    {
        _topology = topology;
        Nodes = [.. topology.Nodes.Select(node => new NodeProcess(node.Name, node.HttpPort,
            ["node", "--topology", topologyPath, "--node", node.Name, "--data", dataFolder, "--admin-token", operatorToken],
            Path.Combine(folder, $"node-{node.Name}.log")))];
    }

    public IReadOnlyList<NodeProcess> Nodes { get; }

    /// <summary>The routers' HTTP endpoints: where the load goes.</summary>
    public IReadOnlyList<Uri> Routers => [.. _topology.Nodes.Where(n => n.Router).Select(n => new Uri($"http://127.0.0.1:{n.HttpPort}"))];

    public IReadOnlyList<NodeProcess> NodesOf(string cell) =>
        [.. _topology.Nodes.Where(n => n.HostedCells.Contains(cell)).Select(n => Nodes.Single(p => p.Name == n.Name))];

    public IReadOnlyList<string> CellsOf(NodeProcess node) => _topology.Nodes.Single(n => n.Name == node.Name).HostedCells;

    public async Task StartAll(CancellationToken cancel)
    {
        foreach (var node in Nodes) node.Start();
        foreach (var node in Nodes) await WhenReady(node, cancel);
    }

    /// <summary>Waits until the node answers ready; starts it again if it has exited meanwhile (a node the cluster downed stops itself).</summary>
    /// <exception cref="TimeoutException">Not ready within <see cref="ReadyMax"/>.</exception>
    public async Task WhenReady(NodeProcess node, CancellationToken cancel)
    {
        var deadline = DateTime.UtcNow + ReadyMax;
        while (DateTime.UtcNow < deadline)
        {
            if (!node.Running) node.Start();
            try
            {
                using var answer = await _http.GetAsync($"http://127.0.0.1:{node.HttpPort}/health/ready", cancel);
                if (answer.StatusCode == HttpStatusCode.OK) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancel.IsCancellationRequested)
            {
                // not listening yet, or busy starting
            }
            await Task.Delay(200, cancel);
        }
        throw new TimeoutException($"node {node.Name} not ready within {ReadyMax.TotalSeconds:0} s (see its log)");
    }

    public async Task StopAll()
    {
        await Task.WhenAll(Nodes.Select(node => node.Stop(StopMax)));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes) await node.DisposeAsync();
        _http.Dispose();
    }
}
