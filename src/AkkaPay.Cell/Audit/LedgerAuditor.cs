using Akka;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using AkkaPay.Cell.Accounts;
using AkkaPay.Cell.Payments;
using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Accounts.Hot;
using AkkaPay.Domain.Ledger;

namespace AkkaPay.Cell.Audit;

/// <summary>
/// Folds every account and sub-account event of its own cell's journal (all current events, in write order) into a
/// ledger summary, and counts the payments its journal lists as pending. It reads no other cell's storage: the
/// router asks each cell by message.
/// </summary>
public sealed class LedgerAuditor : ReceiveActor
{
    /// <param name="pendingPersistenceIds">The journal's list of pending streams; null where it keeps none.</param>
    public LedgerAuditor(string cellId, Func<ActorSystem, Source<EventEnvelope, NotUsed>> allEvents, Func<Task<IReadOnlyList<string>>>? pendingPersistenceIds)
    {
        var materializer = Context.Materializer();
        ReceiveAsync<AuditCell>(async _ =>
        {
            var summary = new LedgerSummary();
            await allEvents(Context.System).RunForeach(envelope =>
            {
                switch (envelope.Event)
                {
                    case AccountEvent accountEvent when envelope.PersistenceId.StartsWith(AccountActor.PersistenceIdPrefix, StringComparison.Ordinal):
                        summary.Add(AccountId.Parse(envelope.PersistenceId[AccountActor.PersistenceIdPrefix.Length..]), accountEvent);
                        break;
                    case SubAccountEvent subAccountEvent:
                        var (main, index) = SubAccountNames.ParsePersistenceId(envelope.PersistenceId);
                        summary.Add(main, index, subAccountEvent);
                        break;
                }
            }, materializer);
            int? pending = pendingPersistenceIds is null
                ? null
                : (await pendingPersistenceIds()).Count(id => id.StartsWith(PaymentActor.PersistenceIdPrefix, StringComparison.Ordinal));
            Sender.Tell(new CellAudit(cellId, summary.Sum, summary.InTransit, summary.Accounts, summary.CustomersBelowZero, pending));
        });
    }
}
