using System.Diagnostics;
using System.Text.Json;
using AkkaPay.Api.Contracts;
using AkkaPay.Chaos.Faults;
using AkkaPay.Host.Commands;
using AkkaPay.Load;

namespace AkkaPay.Host.Chaos;

/// <summary>
/// Injects one planned fault, holds it, heals it, and returns when the cluster is whole again: killed nodes
/// restarted and ready, a paused or cut-off node going again (restarted if the cluster downed it), a shift or
/// failover settled, and then every cell serving (an account of each read through the router; a node the cluster
/// downed meanwhile started again) with its shards where the routing table puts them, so that no fault begins while
/// the last one's effects last.
/// </summary>
/// <param name="databases">The database servers the run started: what a db-stall stalls.</param>
/// <param name="probes">An account of each cell.</param>
public sealed class FaultInjector(ChaosCluster cluster, ChaosDatabases databases, OperatorClient operatorClient, RouterClient router, IReadOnlyDictionary<string, string> probes,
    Stopwatch clock, Action<string> say)
{
    private static readonly TimeSpan SettleMax = TimeSpan.FromSeconds(120);
    private readonly TrafficShifter _shifter = new(operatorClient);

    public async Task<FaultWindow> Inject(PlannedFault fault, FaultTargets targets, CancellationToken cancel)
    {
        var start = clock.Elapsed;
        say($"{start.TotalSeconds,6:0.0} s  fault {fault.Label} (held {fault.Hold.TotalSeconds:0.0} s)");
        var (cells, outcome) = fault.Kind switch
        {
            FaultKind.Kill => ([fault.Cell], await Kill(fault, cancel)),
            FaultKind.Pause => (cluster.CellsOf(Node(fault)), await Pause(fault, cancel)),
            FaultKind.Partition => (cluster.CellsOf(Node(fault)), await Partition(fault, cancel)),
            FaultKind.DbStall => (databases.CellsSharingServerWith(fault.Cell), await Stall(fault, cancel)),
            FaultKind.Shift => ([fault.Cell], await Shift(fault.Cell, cancel)),
            FaultKind.Failover => ([fault.Cell], await Failover(fault.Cell, targets, cancel)),
            _ => throw new ArgumentOutOfRangeException(nameof(fault), fault.Kind, "unknown fault"),
        };
        await EveryCellServes(cancel);
        outcome += await EveryCellSettled(cancel);
        var end = clock.Elapsed;
        say($"{end.TotalSeconds,6:0.0} s  healed {fault.Label}: {outcome} ({(end - start).TotalSeconds:0.0} s)");
        return new FaultWindow(fault.Number, fault.Kind.Name(), fault.Node ?? fault.Cell, [.. cells], start.TotalMilliseconds, end.TotalMilliseconds, outcome);
    }

    /// <exception cref="TimeoutException">A cell still did not serve <see cref="SettleMax"/> after the fault healed.</exception>
    private async Task EveryCellServes(CancellationToken cancel)
    {
        var deadline = DateTime.UtcNow + SettleMax;
        foreach (var (cell, account) in probes)
            while (!(await router.Get($"/v1/accounts/{account}", cancel)).Ok)
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"cell {cell} did not serve within {SettleMax.TotalSeconds:0} s after the fault healed");
                cluster.RestartExited();
                await Task.Delay(100, cancel);
            }
    }

    /// <summary>
    /// Waits until no cell has a shard on the wrong node. After a kill, or a node the cluster downed, a coordinator
    /// places shards on whichever of the cell's nodes is up first and moves them to their color once the other one is:
    /// until then requests to a moving shard wait, and a fault begun meanwhile would be blamed for them.
    /// </summary>
    /// <returns>Nothing when every cell settled; otherwise which did not, for the fault's outcome.</returns>
    private async Task<string> EveryCellSettled(CancellationToken cancel)
    {
        foreach (var cell in probes.Keys)
            if (await _shifter.AwaitSettled(cell, version: 0, SettleMax, _ => { }, cancel) is null)
                return $"; {cell}'s shards still moving {SettleMax.TotalSeconds:0} s later";
        return "";
    }

    private NodeProcess Node(PlannedFault fault) => cluster.Nodes.Single(n => n.Name == fault.Node);

    private async Task<string> Kill(PlannedFault fault, CancellationToken cancel)
    {
        var nodes = cluster.NodesOf(fault.Cell);
        await Task.WhenAll(nodes.Select(node => node.Kill()));
        await Task.Delay(fault.Hold, cancel);
        foreach (var node in nodes) node.Start();
        foreach (var node in nodes) await cluster.WhenReady(node, cancel);
        return $"{nodes.Count} node(s) killed, restarted and ready";
    }

    private async Task<string> Pause(PlannedFault fault, CancellationToken cancel)
    {
        var node = Node(fault);
        node.Pause();
        await Task.Delay(fault.Hold, cancel);
        node.Continue();
        return await Rejoined(node, "continued", cancel);
    }

    private async Task<string> Partition(PlannedFault fault, CancellationToken cancel)
    {
        var partitions = cluster.Partitions ?? throw new InvalidOperationException("this run makes no partitions");
        var node = Node(fault);
        partitions.Cut(node.Name);
        await Task.Delay(fault.Hold, cancel);
        partitions.Heal(node.Name);
        return await Rejoined(node, "healed", cancel);
    }

    /// <summary>The cell's database server stopped with all its processes, connections and locks held, then going again.</summary>
    private async Task<string> Stall(PlannedFault fault, CancellationToken cancel)
    {
        databases.Pause(fault.Cell);
        try
        {
            await Task.Delay(fault.Hold, cancel);
        }
        finally
        {
            databases.Continue(fault.Cell);   // a cancelled run leaves no server stopped (an attached cluster's runs on)
        }
        return $"PostgreSQL on port {databases.PortOf(fault.Cell)} stalled and continued";
    }

    /// <summary>
    /// A node back after a fault that left it running: ready again, or started again if the cluster downed it
    /// meanwhile (such a node learns it within a moment of being heard again, and stops itself).
    /// </summary>
    private async Task<string> Rejoined(NodeProcess node, string what, CancellationToken cancel)
    {
        await Task.Delay(TimeSpan.FromSeconds(1), cancel);
        var restarted = !node.Running;
        await cluster.WhenReady(node, cancel);
        return restarted ? $"{what}; the cluster had downed it: restarted and ready" : $"{what} and ready";
    }

    /// <summary>To the other color: all of the cell's traffic to green if it is on blue, and back.</summary>
    private async Task<string> Shift(string cell, CancellationToken cancel)
    {
        var traffic = await operatorClient.Get("/admin/traffic", cancel) is { } body ? JsonSerializer.Deserialize(body, ApiJsonContext.Default.TrafficResponse) : null;
        var now = traffic?.Cells.SingleOrDefault(c => c.Cell == cell);
        if (now is null) return "refused: no traffic view";
        var target = now.TargetGreenPercent >= 50 ? 0 : 100;
        if (await _shifter.Request(cell, target, "akkapay chaos", cancel) is not { } shifted) return $"to green {target} %: refused";
        return await _shifter.AwaitSettled(cell, shifted.RoutingVersion, SettleMax, _ => { }, cancel) is null
            ? $"to green {target} %: not settled within {SettleMax.TotalSeconds:0} s"
            : $"to green {target} %: settled";
    }

    /// <summary>To another of the cell's sites, forced (its active site is healthy).</summary>
    private async Task<string> Failover(string cell, FaultTargets targets, CancellationToken cancel)
    {
        var cells = await operatorClient.Get("/admin/cells", cancel) is { } body ? JsonSerializer.Deserialize(body, ApiJsonContext.Default.CellsResponse) : null;
        var active = cells?.Cells.SingleOrDefault(c => c.Cell == cell)?.Site;
        if (active is null) return "refused: cell not in the routing table";
        var target = targets.Cells.Single(c => c.Cell == cell).Sites.First(site => site != active);
        if (await _shifter.RequestFailover(cell, target, "akkapay chaos", force: true, cancel) is not { } failedOver) return $"to {target}: refused";
        return await _shifter.AwaitSettled(cell, failedOver.RoutingVersion, SettleMax, _ => { }, cancel) is null
            ? $"to {target} (epoch {failedOver.Epoch}): not settled within {SettleMax.TotalSeconds:0} s"
            : $"to {target} (epoch {failedOver.Epoch}): serving";
    }
}
