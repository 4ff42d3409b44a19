using Akka.Actor;
using AkkaPay.Cell;
using AkkaPay.Cell.Audit;
using AkkaPay.Cell.Hosting;
using AkkaPay.Domain;
using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Payments;

namespace AkkaPay.Api;

/// <summary>
/// The unit router's way into the cells: maps an account's bucket to its cell through the directory, asks
/// that cell's shard region, and turns silence into cell_unavailable.
/// </summary>
public sealed class CellGateway(CellDirectory cells, ApiOptions options)
{
    public static readonly Rejection Unavailable = new(RejectionCodes.CellUnavailable, "the cell that owns this account did not answer in time; retry with the same requestId");

    public string CellOf(AccountId account) => cells.CellOf(account);

    /// <summary>Asks the account the message names, in its cell.</summary>
    public Task<object?> AskAccount(ICellMessage message, CancellationToken cancel) =>
        Ask(() => cells.AccountsOf(AccountId.Parse(message.EntityId)), message, cancel);

    /// <summary>Asks the payment the message names, in the cell of its scope account.</summary>
    public Task<object?> AskPayment(ICellMessage message, CancellationToken cancel) =>
        Ask(() => cells.PaymentsOf(PaymentId.Parse(message.EntityId)), message, cancel);

    /// <summary>Asks every cell of the routing table for the audit of its own journal; a cell that does not answer in time has none.</summary>
    public async Task<IReadOnlyList<(string Cell, CellAudit? Audit)>> AuditAll(CancellationToken cancel) =>
        await Task.WhenAll(cells.Routing.Cells.Select(async cell =>
            (cell, await Ask(() => cells.AuditorOf(cell), new AuditCell(cell), cancel) as CellAudit)));

    /// <returns>The cell's answer, or null when it did not answer within the ask timeout.</returns>
    private async Task<object?> Ask(Func<IActorRef> region, object message, CancellationToken cancel)
    {
        try
        {
            return await region().Ask<object>(message, options.AskTimeout, cancel);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }
}
