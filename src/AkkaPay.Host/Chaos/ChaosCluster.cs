using System.Net;
using AkkaPay.Host.Topology;

namespace AkkaPay.Host.Chaos;

/// <summary>
/// Every node of a topology as processes of a chaos run on loopback: started by the run (one data folder for all,
/// where a cell's nodes share its SQLite file, and the run's operator token on each), or those of a running cluster
/// the run attached to, found by their remoting ports. A log file per node; with partitions, each node in a control
/// group of its own that <see cref="Partitions"/> cuts off.
/// </summary>
public sealed class ChaosCluster : IAsyncDisposable
{
    public static readonly TimeSpan ReadyMax = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan StopMax = TimeSpan.FromSeconds(30);

    private readonly Topology.Topology _topology;
    private readonly NodeGroups? _groups;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(2) };

    private ChaosCluster(Topology.Topology topology, bool partitions, Func<NodeEntry, string?, NodeProcess> node)
    {
        _topology = topology;
        _groups = partitions ? new NodeGroups([.. topology.Nodes.Select(n => n.Name)]) : null;
        Nodes = [.. topology.Nodes.Select(n => node(n, _groups?.ProcsOf(n.Name)))];
        Partitions = _groups is null ? null : new NetworkPartitions(_groups, topology.Nodes.ToDictionary(n => n.Name, n => n.RemotingPort));
    }

    /// <summary>The topology's nodes as processes this run starts (<see cref="StartAll"/>) and stops at the end.</summary>
    /// <param name="cpus">Where the nodes of each cell compute.</param>
    public static ChaosCluster ToStart(string topologyPath, Topology.Topology topology, string folder, string dataFolder, string operatorToken, bool partitions, CellCpus cpus) =>
        new(topology, partitions, (node, group) => new NodeProcess(node.Name, node.HttpPort,
            cpus.Place(node.HostedCells, NodeLaunch.OfThisExecutable(["node", "--topology", topologyPath, "--node", node.Name, "--data", dataFolder, "--admin-token", operatorToken])),
            Path.Combine(folder, $"node-{node.Name}.log"), group));

    /// <summary>
    /// The running processes of the topology's nodes, each the one listening on its remoting port, left running at
    /// the end. With partitions, each is moved into its group and every remoting connection reset, so that the
    /// nodes connect again from sockets that carry their groups.
    /// </summary>
    /// <exception cref="InvalidOperationException">A node of the topology has no process listening on its remoting port.</exception>
    public static ChaosCluster Attach(Topology.Topology topology, string folder, bool partitions)
    {
        var pids = topology.Nodes.ToDictionary(n => n.Name, n => ListeningProcess.Find(n.RemotingPort)
            ?? throw new InvalidOperationException($"node {n.Name}: no process listens on its remoting port {n.RemotingPort}"));
        var cluster = new ChaosCluster(topology, partitions, (node, group) => new NodeProcess(node.Name, node.HttpPort, NodeLaunch.Of(pids[node.Name]),
            Path.Combine(folder, $"node-{node.Name}.log"), group, attached: pids[node.Name]));
        if (cluster._groups is { } groups)
        {
            foreach (var (node, pid) in pids) groups.Move(node, pid);
            cluster.Partitions!.ResetRemotingConnections();
        }
        return cluster;
    }

    public IReadOnlyList<NodeProcess> Nodes { get; }

    /// <summary>Cuts nodes off the others; null for a run without partitions.</summary>
    public NetworkPartitions? Partitions { get; }

    /// <summary>The routers' HTTP endpoints: where the load goes.</summary>
    public IReadOnlyList<Uri> Routers => [.. _topology.Nodes.Where(n => n.Router).Select(n => new Uri($"http://127.0.0.1:{n.HttpPort}"))];

    public IReadOnlyList<NodeProcess> NodesOf(string cell) =>
        [.. _topology.Nodes.Where(n => n.HostedCells.Contains(cell)).Select(n => Nodes.Single(p => p.Name == n.Name))];

    public IReadOnlyList<string> CellsOf(NodeProcess node) => _topology.Nodes.Single(n => n.Name == node.Name).HostedCells;

    /// <summary>Starts the nodes the run starts, and returns when every node is ready.</summary>
    public async Task StartAll(CancellationToken cancel)
    {
        foreach (var node in Nodes.Where(n => !n.OutlivesRun)) node.Start();
        foreach (var node in Nodes) await WhenReady(node, cancel);
    }

    /// <summary>
    /// Waits until the node answers ready; meanwhile starts again every node that has exited (a node the cluster
    /// downed stops itself, and a node can only join a cluster whose other nodes run).
    /// </summary>
    /// <exception cref="TimeoutException">Not ready within <see cref="ReadyMax"/>; its message ends with the node's last log lines.</exception>
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
        throw new TimeoutException($"node {node.Name} not ready within {ReadyMax.TotalSeconds:0} s; the end of its log:\n{node.LogTail(40)}");
    }

    /// <summary>
    /// Starts again every node that has exited: the cluster downs a node it could not hear (its process then stops
    /// itself with exit code 4, for its supervisor to start it again), and the chaos run is that supervisor.
    /// </summary>
    public void RestartExited()
    {
        foreach (var node in Nodes.Where(node => !node.Running)) node.Start();
    }

    /// <summary>Stops the nodes the run started; those of an attached cluster run on.</summary>
    public async Task StopAll()
    {
        await Task.WhenAll(Nodes.Where(n => !n.OutlivesRun).Select(node => node.Stop(StopMax)));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes) await node.DisposeAsync();
        Partitions?.Dispose();
        _groups?.Dispose();
        _http.Dispose();
    }
}
