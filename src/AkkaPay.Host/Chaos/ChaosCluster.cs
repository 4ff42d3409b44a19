using System.Net;
using AkkaPay.Host.Topology;

namespace AkkaPay.Host.Chaos;

/// <summary>
/// Every node of a topology as processes a chaos run starts on loopback: one data folder for all (a cell's nodes
/// share its SQLite file), a log file per node, the run's operator token on each; with partitions, each node runs
/// with a group id of its own and <see cref="Partitions"/> cuts it off.
/// </summary>
public sealed class ChaosCluster : IAsyncDisposable
{
    public static readonly TimeSpan ReadyMax = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan StopMax = TimeSpan.FromSeconds(30);

    private readonly Topology.Topology _topology;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(2) };

    public ChaosCluster(string topologyPath, Topology.Topology topology, string folder, string dataFolder, string operatorToken, bool partitions)
    {
        _topology = topology;
        // group ids no account uses, apart per run
        var groupBase = 47_000 + Environment.ProcessId % 500 * 32;
        var groups = topology.Nodes.Select((node, i) => (node.Name, Group: groupBase + i)).ToDictionary(n => n.Name, n => n.Group);
        Nodes = [.. topology.Nodes.Select(node => new NodeProcess(node.Name, node.HttpPort,
            ["node", "--topology", topologyPath, "--node", node.Name, "--data", dataFolder, "--admin-token", operatorToken],
            Path.Combine(folder, $"node-{node.Name}.log"), partitions ? groups[node.Name] : null))];
        Partitions = partitions ? new NetworkPartitions(groups, [.. topology.Nodes.Select(n => n.RemotingPort)]) : null;
    }

    public IReadOnlyList<NodeProcess> Nodes { get; }

    /// <summary>Cuts nodes off the others; null for a run without partitions.</summary>
    public NetworkPartitions? Partitions { get; }

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

    /// <summary>
    /// Waits until the node answers ready; meanwhile starts again every node that has exited (a node the cluster
    /// downed stops itself, and a node can only join a cluster whose other nodes run).
    /// </summary>
    /// <exception cref="TimeoutException">Not ready within <see cref="ReadyMax"/>.</exception>
    public async Task WhenReady(NodeProcess node, CancellationToken cancel)
    {
        var deadline = DateTime.UtcNow + ReadyMax;
        while (DateTime.UtcNow < deadline)
        {
            RestartExited();
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

    /// <summary>
    /// Starts again every node that has exited: the cluster downs a node it could not hear (its process then stops
    /// itself with exit code 4, for its supervisor to start it again), and the chaos run is that supervisor.
    /// </summary>
    public void RestartExited()
    {
        foreach (var node in Nodes.Where(node => !node.Running)) node.Start();
    }

    public async Task StopAll()
    {
        await Task.WhenAll(Nodes.Select(node => node.Stop(StopMax)));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes) await node.DisposeAsync();
        Partitions?.Dispose();
        _http.Dispose();
    }
}
