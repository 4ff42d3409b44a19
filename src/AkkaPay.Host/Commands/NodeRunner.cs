using AkkaPay.Host.Topology;

namespace AkkaPay.Host.Commands;

/// <summary>How `up` and `node` start their process: a refused topology stops start-up with its problems; the token is applied; the node runs until stopped.</summary>
public static class NodeRunner
{
    public const int TopologyRefused = 2;

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
            return TopologyRefused;
        }
        if ((adminToken ?? AdminToken.FromEnvironment()) is { } token)
            resolved = resolved with { AdminToken = token, AdminTokenGenerated = false };
        await EmbeddedNode.Build(resolved).RunAsync();
        return 0;
    }
}
