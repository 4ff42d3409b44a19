using Akka.Actor;
using AkkaPay.Cell.Routing;
using AkkaPay.Domain.Routing;

namespace AkkaPay.Api;

/// <summary>The management API's way to the routing-table keeper, the router nodes' singleton.</summary>
public sealed class RoutingTableClient(ActorSystem system, ApiOptions options)
{
    /// <returns><see cref="RoutingChanged"/> or <see cref="RoutingChangeRefused"/>; null when the keeper did not answer in time (the change may or may not have been made).</returns>
    public Task<object?> Change(RoutingTable next, string? reason, CancellationToken cancel) =>
        Ask(new ChangeRouting(RoutingTableRecord.Of(next), reason), cancel);

    /// <returns>The versions the keeper keeps, newest first; null when it did not answer in time.</returns>
    public async Task<RoutingHistory?> History(CancellationToken cancel) =>
        await Ask(new GetRoutingHistory(RoutingTableKeeper.HistoryKeptMax), cancel) as RoutingHistory;

    private async Task<object?> Ask(object message, CancellationToken cancel)
    {
        if (RoutingTableKeeper.Select(system) is not { } keeper) return null;
        try
        {
            return await keeper.Ask<object>(message, options.AskTimeout, cancel);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }
}
