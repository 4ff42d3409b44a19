using System.Text.Json;
using AkkaPay.Api.Contracts;

namespace AkkaPay.Host.Commands;

/// <summary>
/// One change of a cell's traffic as an operator makes it, for `traffic shift`, `traffic failover` and `load --shift`:
/// read the table's version, ask for the change naming it, then watch the traffic view until the nodes host what
/// the table says.
/// </summary>
public sealed class TrafficShifter(OperatorClient node)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    /// <returns>The node's answer, or null when it refused (the reason is printed).</returns>
    public async Task<TrafficShiftResponse?> Request(string cell, int greenPercent, string? reason, CancellationToken cancel)
    {
        if (await CurrentVersion(cancel) is not { } version) return null;
        var request = new TrafficShiftRequest { GreenPercent = greenPercent, ReplacesVersion = version, Reason = reason };
        var body = await node.Post($"/admin/traffic/{Uri.EscapeDataString(cell)}/shift", JsonSerializer.Serialize(request, ApiJsonContext.Default.TrafficShiftRequest), cancel);
        return body is null ? null : JsonSerializer.Deserialize(body, ApiJsonContext.Default.TrafficShiftResponse);
    }

    /// <returns>The node's answer, or null when it refused (the reason is printed).</returns>
    public async Task<TrafficFailoverResponse?> RequestFailover(string cell, string toSite, string? reason, bool force, CancellationToken cancel)
    {
        if (await CurrentVersion(cancel) is not { } version) return null;
        var request = new TrafficFailoverRequest { ToSite = toSite, ReplacesVersion = version, Reason = reason, Force = force };
        var body = await node.Post($"/admin/traffic/{Uri.EscapeDataString(cell)}/failover", JsonSerializer.Serialize(request, ApiJsonContext.Default.TrafficFailoverRequest), cancel);
        return body is null ? null : JsonSerializer.Deserialize(body, ApiJsonContext.Default.TrafficFailoverResponse);
    }

    /// <summary>The table's version from the cells' list, which the node answers from its table alone (the traffic view needs every region's stats).</summary>
    private async Task<long?> CurrentVersion(CancellationToken cancel) =>
        await node.Get("/admin/cells", cancel) is { } cells ? JsonSerializer.Deserialize(cells, ApiJsonContext.Default.CellsResponse)!.RoutingVersion : null;

    /// <summary>Polls the traffic view until the node has <paramref name="version"/> and none of the cell's shards is on the wrong color or site.</summary>
    /// <param name="moving">Told each time the number of shards still moving changes.</param>
    /// <returns>The cell as it settled, or null when it did not within <paramref name="timeout"/>.</returns>
    public async Task<CellTrafficResponse?> AwaitSettled(string cell, long version, TimeSpan timeout, Action<CellTrafficResponse> moving, CancellationToken cancel)
    {
        var deadline = DateTime.UtcNow + timeout;
        var lastMoving = -1;
        while (DateTime.UtcNow < deadline)
        {
            // until the node has the new version, what it says is moving is measured against the old one
            if (await node.Poll("/admin/traffic", cancel) is { } body
                && JsonSerializer.Deserialize(body, ApiJsonContext.Default.TrafficResponse)! is var traffic
                && traffic.RoutingVersion >= version)
            {
                var now = traffic.Cells.Single(c => c.Cell == cell);
                if (now.ShardsMoving == 0) return now;
                if (now.ShardsMoving != lastMoving) moving(now);
                lastMoving = now.ShardsMoving;
            }
            await Task.Delay(PollInterval, cancel);
        }
        return null;
    }
}
