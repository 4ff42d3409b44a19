namespace AkkaPay.Cell.Persistence.GroupCommit;

/// <summary>The group-commit journal's one table and its statements. Deleted events stay, flagged, so the highest sequence number survives deletes.</summary>
internal sealed class SqliteGroupJournalSchema(string table)
{
    public string Create => $"""
        CREATE TABLE IF NOT EXISTS {table} (
          ordering INTEGER PRIMARY KEY AUTOINCREMENT,
          persistence_id TEXT NOT NULL,
          sequence_nr INTEGER NOT NULL,
          serializer_id INTEGER NOT NULL,
          manifest TEXT NOT NULL,
          payload BLOB NOT NULL,
          writer_uuid TEXT NOT NULL,
          deleted INTEGER NOT NULL DEFAULT 0,
          UNIQUE (persistence_id, sequence_nr));
        """;

    public string Insert => $"INSERT INTO {table} (persistence_id, sequence_nr, serializer_id, manifest, payload, writer_uuid) VALUES ($pid, $seq, $serializer, $manifest, $payload, $writer)";

    public string Replay => $"""
        SELECT sequence_nr, serializer_id, manifest, payload, writer_uuid FROM {table}
        WHERE persistence_id = $pid AND sequence_nr BETWEEN $from AND $to AND deleted = 0 ORDER BY sequence_nr LIMIT $max
        """;

    public string Highest => $"SELECT MAX(sequence_nr) FROM {table} WHERE persistence_id = $pid";

    public string Delete => $"UPDATE {table} SET deleted = 1 WHERE persistence_id = $pid AND sequence_nr <= $to";

    public string All => $"SELECT ordering, persistence_id, sequence_nr, serializer_id, manifest, payload FROM {table} WHERE deleted = 0 ORDER BY ordering";
}
