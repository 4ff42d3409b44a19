using Akka.Actor;
using Akka.Hosting;
using AkkaPay.Cell;
using AkkaPay.Cell.Hosting;
using AkkaPay.Domain;

namespace AkkaPay.Api;

/// <summary>The unit router's way into a cell: asks its shard regions, and turns silence into cell_unavailable.</summary>
public sealed class CellGateway(IRequiredActor<AccountRegion> accounts, IRequiredActor<PaymentRegion> payments, ApiOptions options)
{
    public static readonly Rejection Unavailable = new(RejectionCodes.CellUnavailable, "the cell that owns this account did not answer in time; retry with the same requestId");

    public string CellId => options.CellId;

    public Task<object?> AskAccount(ICellMessage message, CancellationToken cancel) => Ask(accounts.ActorRef, message, cancel);

    public Task<object?> AskPayment(ICellMessage message, CancellationToken cancel) => Ask(payments.ActorRef, message, cancel);

    /// <returns>The cell's answer, or null when it did not answer within the ask timeout.</returns>
    private async Task<object?> Ask(IActorRef region, ICellMessage message, CancellationToken cancel)
    {
        try
        {
            return await region.Ask<object>(message, options.AskTimeout, cancel);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }
}
