using System.CommandLine;
using AkkaPay.Cell.Hosting;
using AkkaPay.Host.Topology;

namespace AkkaPay.Host.Commands;

/// <summary>`akkapay node --topology F --node NAME`: one process of a multi-process cluster, as the topology describes it.</summary>
public static class NodeCommand
{
    public static Command Create()
    {
        var topology = new Option<string>("--topology") { Description = "topology file with a nodes section (cells/three-process.json)", Required = true };
        var node = new Option<string>("--node") { Description = "which of the topology's nodes this process is", Required = true };
        var data = new Option<string>("--data") { Description = "data directory (SQLite journal files)", DefaultValueFactory = _ => "./data" };
        var adminToken = new Option<string?>("--admin-token") { Description = $"operator token for /admin/... (default: ${AdminToken.EnvironmentVariable}, else generated)" };

        var command = new Command("node", "start one process of a multi-process cluster: its roles, ports, cells and seeds come from the topology")
        {
            topology, node, data, adminToken,
        };
        command.SetAction((parsed, _) =>
            NodeRunner.RunAsync(() => Options(TopologyLoader.Load(parsed.GetValue(topology)!, parsed.GetValue(data)!), parsed.GetValue(topology)!, parsed.GetValue(node)!), parsed.GetValue(adminToken)));
        return command;
    }

    private static EmbeddedNodeOptions Options(Topology.Topology topology, string path, string nodeName)
    {
        var node = topology.Nodes.FirstOrDefault(n => n.Name == nodeName)
            ?? throw new TopologyException(path, [topology.Nodes.Count == 0
                ? "the topology has no nodes section: use `akkapay up` for a single process"
                : $"no node '{nodeName}' (nodes: {string.Join(", ", topology.Nodes.Select(n => n.Name))})"]);
        var cells = topology.Cells.Where(c => node.HostedCells.Contains(c.Id)).ToList();
        var site = node.SiteIn(topology.Sites, cell => topology.Cells.FirstOrDefault(c => c.Id == cell)?.Site);
        return new EmbeddedNodeOptions(node.HttpPort, topology.Routing(), topology.RoutingJournal, cells.Select(c => c.Options(site)).ToList())
        {
            RemotingPort = node.RemotingPort,
            SeedNodes = topology.SeedNodes,
            Sites = topology.Sites,
            AutomaticFailoverAfter = topology.AutomaticFailoverAfter,
            QuorumByRole = topology.Nodes.Any(n => n.Quorum),
            Roles = [.. node.Router ? new[] { CellNames.RouterRole } : [], .. node.Quorum ? new[] { CellNames.QuorumRole } : [], site, CellNames.ColorRole(node.NodeColor)],
        };
    }
}
