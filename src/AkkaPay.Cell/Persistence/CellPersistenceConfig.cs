using Akka.Configuration;

namespace AkkaPay.Cell.Persistence;

/// <summary>
/// HOCON for one cell's journal and snapshot store: plugin ids of their own, so cells never share a table
/// set. Akka.Persistence.Sql falls back to its reference config for every key not written here.
/// </summary>
public static class CellPersistenceConfig
{
    public static string JournalPluginId(string cellId) => $"akka.persistence.journal.cell-{cellId}";

    public static string SnapshotPluginId(string cellId) => $"akka.persistence.snapshot-store.cell-{cellId}";

    public static string QueryPluginId(string cellId) => $"akka.persistence.query.journal.cell-{cellId}";

    public static Config For(string cellId, JournalOptions journal)
    {
        var connection = Quote(journal.ConnectionString);
        var provider = Quote(journal.ProviderName);
        return ConfigurationFactory.ParseString($$"""
            {{JournalPluginId(cellId)}} {
              class = "Akka.Persistence.Sql.Journal.SqlWriteJournal, Akka.Persistence.Sql"
              plugin-dispatcher = "akka.persistence.dispatchers.default-plugin-dispatcher"
              connection-string = {{connection}}
              provider-name = {{provider}}
              auto-initialize = true
              batch-size = {{journal.BatchSizeMax}}
              parallelism = {{journal.WriteParallelism}}
              tag-write-mode = TagTable
            }
            {{QueryPluginId(cellId)}} {
              class = "Akka.Persistence.Sql.Query.SqlReadJournalProvider, Akka.Persistence.Sql"
              plugin-id = "{{QueryPluginId(cellId)}}"
              write-plugin = "{{JournalPluginId(cellId)}}"
              connection-string = {{connection}}
              provider-name = {{provider}}
            }
            {{SnapshotPluginId(cellId)}} {
              class = "Akka.Persistence.Sql.Snapshot.SqlSnapshotStore, Akka.Persistence.Sql"
              plugin-dispatcher = "akka.persistence.dispatchers.default-plugin-dispatcher"
              connection-string = {{connection}}
              provider-name = {{provider}}
              auto-initialize = true
            }
            """);
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
