using Akka.Actor;
using AkkaPay.Cell;
using AkkaPay.Cell.Accounts;
using AkkaPay.Cell.Audit;
using AkkaPay.Cell.Hosting;
using AkkaPay.Domain;
using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Payments;

namespace AkkaPay.Api;

/// <summary>
/// The unit router's way into the cells: maps an account's bucket to its cell through the directory, asks
/// that cell's shard region, and turns silence into cell_unavailable. A message can be lost while its shard moves
/// (a region drops what it buffered for a shard when the hand-off arrives, ADR 11), so an unanswered ask is sent
/// again within the request's deadline: every write but an account's opening is idempotent by its requestId.
/// </summary>
public sealed class CellGateway(CellDirectory cells, ApiOptions options, ActorSystem system)
{
    public static readonly Rejection Unavailable = new(RejectionCodes.CellUnavailable, "the cell that owns this account did not answer in time; retry with the same requestId");

    public string CellOf(AccountId account) => cells.CellOf(account);

    /// <summary>Asks the account the message names, in its cell.</summary>
    public Task<object?> AskAccount(ICellMessage message, CancellationToken cancel)
    {
        var account = AccountId.Parse(message.EntityId);
        return AskCell(cells.CellOf(account), () => cells.AccountsOf(account), message, cancel);
    }

    /// <summary>Asks the payment the message names, in the cell of its scope account.</summary>
    public Task<object?> AskPayment(ICellMessage message, CancellationToken cancel)
    {
        var payment = PaymentId.Parse(message.EntityId);
        return AskCell(cells.CellOf(payment.Scope), () => cells.PaymentsOf(payment), message, cancel);
    }

    /// <summary>A cell with no reachable Up node cannot answer: say so at once instead of waiting for the ask timeout.</summary>
    private Task<object?> AskCell(string cell, Func<IActorRef> region, ICellMessage message, CancellationToken cancel) =>
        IsReachable(cell) ? Ask(region, message, cancel) : Task.FromResult<object?>(null);

    /// <summary>True when at least one Up, reachable member hosts the cell, as this node sees the cluster.</summary>
    public bool IsReachable(string cell)
    {
        var state = Akka.Cluster.Cluster.Get(system).State;
        var role = CellNames.Role(cell);
        return state.Members.Any(m => m.Status == Akka.Cluster.MemberStatus.Up && m.HasRole(role) && !state.Unreachable.Contains(m));
    }

    /// <summary>Asks every cell of the routing table for the audit of its own journal; a cell that does not answer in time has none.</summary>
    public async Task<IReadOnlyList<(string Cell, CellAudit? Audit)>> AuditAll(CancellationToken cancel) =>
        await Task.WhenAll(cells.Routing.Cells.Select(async cell => (cell, await Audit(cell, cancel))));

    /// <returns>The cell's audit of its own journal, or null when it does not answer in time.</returns>
    public async Task<CellAudit?> Audit(string cell, CancellationToken cancel) =>
        IsReachable(cell) ? await Ask(() => cells.AuditorOf(cell), new AuditCell(cell), cancel) as CellAudit : null;

    /// <returns>The cell's answer, or null when it did not answer within the ask timeout.</returns>
    /// <remarks>
    /// Attempts wait <see cref="ApiOptions.AskAttemptTimeout"/>, then twice as long each time, until the ask timeout
    /// is spent: a lost message costs the caller one attempt's wait, and a cell that is only slow gets at most a few
    /// copies of the request, not one per short tick. Opening an account is asked once: a second attempt after a
    /// slow success would answer account_exists.
    /// </remarks>
    private async Task<object?> Ask(Func<IActorRef> region, object message, CancellationToken cancel)
    {
        var deadline = system.Scheduler.Now + options.AskTimeout;
        var attempt = message is OpenAccount ? options.AskTimeout : options.AskAttemptTimeout;
        while (true)
        {
            var left = deadline - system.Scheduler.Now;
            try
            {
                return await region().Ask<object>(message, attempt < left ? attempt : left, cancel);
            }
            catch (AskTimeoutException) when (deadline - system.Scheduler.Now > MinimumAttempt)
            {
                attempt *= 2;
            }
            catch (AskTimeoutException)
            {
                return null;
            }
        }
    }

    /// <summary>Less time than this left before the deadline is not worth another attempt.</summary>
    private static readonly TimeSpan MinimumAttempt = TimeSpan.FromMilliseconds(100);
}
