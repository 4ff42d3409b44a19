using AkkaPay.Cell.Hosting;
using AkkaPay.Host.Topology;
using Microsoft.Extensions.DependencyInjection;

namespace AkkaPay.Host.Commands;

/// <summary>How `up` and `node` start their process: a refused topology stops start-up with its problems; the token is applied; the node runs until stopped.</summary>
public static class NodeRunner
{
    public static async Task<int> RunAsync(Func<EmbeddedNodeOptions> options, string? adminToken)
    {
        EmbeddedNodeOptions resolved;
        try
        {
            resolved = options();
        }
        catch (TopologyException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return ExitCodes.Refused;
        }
        if ((adminToken ?? AdminToken.FromEnvironment()) is { } token)
            resolved = resolved with { AdminToken = token, AdminTokenGenerated = false };
        var node = EmbeddedNode.Build(resolved);
        var shutdown = node.Services.GetRequiredService<NodeShutdown>();
        await node.RunAsync();
        if (!shutdown.WasDowned) return ExitCodes.Ok;
        await Console.Error.WriteLineAsync(
            $"akkapay: the cluster downed this node (unreachable past the split-brain resolver's {ClusterNodeExtensions.DownUnreachableAfter.TotalSeconds:0} s, " +
            $"on the minority side) and it stopped; exit code {ExitCodes.Downed}, so that a supervisor starts it again");
        return ExitCodes.Downed;
    }
}
