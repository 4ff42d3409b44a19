using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Ledger;

namespace AkkaPay.Cell.Audit;

/// <summary>
/// Folds every account event of its own cell's journal (Akka.Persistence.Query, all current events) into a
/// ledger summary. It reads no other cell's storage: the router asks each cell by message.
/// </summary>
public sealed class LedgerAuditor : ReceiveActor
{
    private const string AccountStreamPrefix = "account-";

    public LedgerAuditor(string cellId, string queryPluginId)
    {
        var materializer = Context.Materializer();
        ReceiveAsync<AuditCell>(async _ =>
        {
            var journal = PersistenceQuery.Get(Context.System).ReadJournalFor<SqlReadJournal>(queryPluginId);
            var summary = new LedgerSummary();
            await journal.CurrentAllEvents(Offset.NoOffset())
                .Where(envelope => envelope.PersistenceId.StartsWith(AccountStreamPrefix, StringComparison.Ordinal) && envelope.Event is AccountEvent)
                .RunForeach(envelope => summary.Add(AccountId.Parse(envelope.PersistenceId[AccountStreamPrefix.Length..]), (AccountEvent)envelope.Event), materializer);
            Sender.Tell(new CellAudit(cellId, summary.Sum, summary.InTransit, summary.Accounts, summary.CustomersBelowZero));
        });
    }
}
