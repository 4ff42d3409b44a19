namespace AkkaPay.Cell.Persistence.GroupCommit;

/// <summary>The group-commit journal's one table and its statements. Deleted events stay, flagged, so the highest sequence number survives deletes.</summary>
internal static class SqliteGroupJournalSchema
{
    public const string Create = """
        CREATE TABLE IF NOT EXISTS event_journal (
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

    public const string Insert = "INSERT INTO event_journal (persistence_id, sequence_nr, serializer_id, manifest, payload, writer_uuid) VALUES ($pid, $seq, $serializer, $manifest, $payload, $writer)";

    public const string Replay = """
        SELECT sequence_nr, serializer_id, manifest, payload, writer_uuid FROM event_journal
        WHERE persistence_id = $pid AND sequence_nr BETWEEN $from AND $to AND deleted = 0 ORDER BY sequence_nr LIMIT $max
        """;

    public const string Highest = "SELECT MAX(sequence_nr) FROM event_journal WHERE persistence_id = $pid";

    public const string Delete = "UPDATE event_journal SET deleted = 1 WHERE persistence_id = $pid AND sequence_nr <= $to";
}
