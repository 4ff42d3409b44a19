using Akka;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams.Dsl;
using AkkaPay.Cell.Persistence.GroupCommit;

namespace AkkaPay.Cell.Persistence;

/// <summary>
/// HOCON for the journals: each cell's journal and snapshot store under plugin ids of their own, so cells never
/// share a table set; and the routing table's, whose tables carry a "routing_" prefix so that it may share a
/// database with a cell. Akka.Persistence.Sql falls back to its reference config for every key not written here.
/// </summary>
public static class CellPersistenceConfig
{
    public static string JournalPluginId(string cellId) => $"akka.persistence.journal.cell-{cellId}";

    public static string SnapshotPluginId(string cellId) => $"akka.persistence.snapshot-store.cell-{cellId}";

    public static string QueryPluginId(string cellId) => $"akka.persistence.query.journal.cell-{cellId}";

    public const string RoutingJournalPluginId = "akka.persistence.journal.routing";
    public const string RoutingSnapshotPluginId = "akka.persistence.snapshot-store.routing";
    private const string RoutingQueryPluginId = "akka.persistence.query.journal.routing";

    public static Config For(string cellId, JournalOptions journal) =>
        Plugins(JournalPluginId(cellId), SnapshotPluginId(cellId), QueryPluginId(cellId), journal, tablePrefix: "", fencedCell: cellId);

    public static Config ForRouting(JournalOptions journal) =>
        Plugins(RoutingJournalPluginId, RoutingSnapshotPluginId, RoutingQueryPluginId, journal, tablePrefix: "routing_", fencedCell: null);

    /// <summary>
    /// SQLite and PostgreSQL journals use AkkaPay's group-commit journal (<see cref="GroupCommitJournal"/>, ADRs 5
    /// and 6); SQL Server journals, and every snapshot store, use Akka.Persistence.Sql. The group-commit journal
    /// replays without Akka's replay filter: its table refuses a second writer of a sequence number, so the
    /// interleaved writers the filter repairs cannot be stored, and the filter costs an actor per recovery (ADR 5).
    /// </summary>
    /// <param name="fencedCell">The cell whose epoch the group-commit journal writes with (<see cref="CellFence"/>); none for the routing table's.</param>
    private static Config Plugins(string journalPluginId, string snapshotPluginId, string queryPluginId, JournalOptions journal, string tablePrefix, string? fencedCell)
    {
        var connection = Quote(journal.ConnectionString);
        var provider = Quote(journal.ProviderName);
        var journals = UsesGroupCommit(journal)
            ? $$"""
              {{journalPluginId}} {
                class = "AkkaPay.Cell.Persistence.GroupCommit.GroupCommitJournal, AkkaPay.Cell"
                plugin-dispatcher = "akka.persistence.dispatchers.default-plugin-dispatcher"
                provider = {{journal.Provider}}
                connection-string = {{connection}}
                table-name = "{{tablePrefix}}{{GroupJournalTable}}"
                {{(fencedCell is null ? "" : $"cell = \"{fencedCell}\"")}}
                replay-filter.mode = off
                event-adapters.payment-pending-marks = "AkkaPay.Cell.Payments.PaymentPendingMarks, AkkaPay.Cell"
                event-adapter-bindings { "AkkaPay.Domain.Payments.PaymentEvent, AkkaPay.Domain" = payment-pending-marks }
              }
              """
            : $$"""
              {{journalPluginId}} {
                class = "Akka.Persistence.Sql.Journal.SqlWriteJournal, Akka.Persistence.Sql"
                plugin-dispatcher = "akka.persistence.dispatchers.default-plugin-dispatcher"
                connection-string = {{connection}}
                provider-name = {{provider}}
                auto-initialize = true
                batch-size = {{journal.BatchSizeMax}}
                parallelism = {{journal.WriteParallelism}}
                tag-write-mode = TagTable
                default.journal.table-name = "{{tablePrefix}}journal"
                default.metadata.table-name = "{{tablePrefix}}journal_metadata"
                default.tag.table-name = "{{tablePrefix}}tags"
              }
              {{queryPluginId}} {
                class = "Akka.Persistence.Sql.Query.SqlReadJournalProvider, Akka.Persistence.Sql"
                plugin-id = "{{queryPluginId}}"
                write-plugin = "{{journalPluginId}}"
                connection-string = {{connection}}
                provider-name = {{provider}}
                default.journal.table-name = "{{tablePrefix}}journal"
                default.metadata.table-name = "{{tablePrefix}}journal_metadata"
                default.tag.table-name = "{{tablePrefix}}tags"
              }
              """;
        return ConfigurationFactory.ParseString($$"""
            {{journals}}
            {{snapshotPluginId}} {
              class = "Akka.Persistence.Sql.Snapshot.SqlSnapshotStore, Akka.Persistence.Sql"
              plugin-dispatcher = "akka.persistence.dispatchers.default-plugin-dispatcher"
              connection-string = {{connection}}
              provider-name = {{provider}}
              auto-initialize = true
              default.snapshot.table-name = "{{tablePrefix}}snapshot"
            }
            """);
    }

    /// <summary>The table of a cell's group-commit journal.</summary>
    public const string GroupJournalTable = "event_journal";

    /// <summary>True for the journals AkkaPay's group-commit journal writes (SQLite, PostgreSQL); false for SQL Server's.</summary>
    public static bool UsesGroupCommit(JournalOptions journal) => journal.Provider is JournalProvider.Sqlite or JournalProvider.Postgres;

    private static GroupJournalDatabase GroupDatabase(JournalOptions journal) => GroupJournalDatabase.For(journal.Provider, journal.ConnectionString);

    /// <summary>Every event of one cell's journal, in write order (what its audit folds), from whichever journal the cell uses.</summary>
    public static Func<ActorSystem, Source<EventEnvelope, NotUsed>> AllEvents(string cellId, JournalOptions journal) =>
        UsesGroupCommit(journal)
            ? system => GroupJournalReader.CurrentAllEvents(GroupDatabase(journal), GroupJournalTable, system.Serialization)
            : system => PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(QueryPluginId(cellId)).CurrentAllEvents(Offset.NoOffset());

    /// <summary>
    /// Creates a cell's group-commit journal tables before anything reads them (the journal itself starts with the
    /// first write, and a cell that has not written yet still has an audit and a list of pending payments, both empty).
    /// </summary>
    public static void CreateJournalTables(JournalOptions journal)
    {
        if (UsesGroupCommit(journal)) GroupDatabase(journal).CreateTables(GroupJournalTable);
    }

    /// <summary>
    /// The persistence ids the cell's journal lists as pending, or null when the journal keeps no such list
    /// (Akka.Persistence.Sql, for SQL Server: there payments are remembered by sharding instead, ADR 7).
    /// </summary>
    public static Func<Task<IReadOnlyList<string>>>? PendingPersistenceIds(JournalOptions journal) =>
        UsesGroupCommit(journal)
            ? () => GroupJournalReader.PendingPersistenceIds(GroupDatabase(journal), GroupJournalTable)
            : null;

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
