namespace AkkaPay.Cell.Persistence.GroupCommit;

/// <summary>
/// The group-commit journal's tables and statements, in SQL that SQLite and PostgreSQL share (PostgreSQL inserts a
/// group and reads highest sequence numbers with statements of its own, <see cref="PostgresJournalDatabase"/>).
/// Deleted events stay, flagged, so the highest sequence number survives deletes. An insert of a taken sequence
/// number changes no row instead of failing, so that it never aborts the group's transaction.
/// </summary>
internal sealed class GroupJournalSchema(string table)
{
    public string Table => table;

    public string Insert => $"""
        INSERT INTO {table} (persistence_id, sequence_nr, serializer_id, manifest, payload, writer_uuid)
        VALUES (@pid, @seq, @serializer, @manifest, @payload, @writer) ON CONFLICT (persistence_id, sequence_nr) DO NOTHING
        """;

    public string Replay => $"""
        SELECT sequence_nr, serializer_id, manifest, payload, writer_uuid FROM {table}
        WHERE persistence_id = @pid AND sequence_nr BETWEEN @from AND @to AND deleted = 0 ORDER BY sequence_nr LIMIT @max
        """;

    public string Highest => $"SELECT MAX(sequence_nr) FROM {table} WHERE persistence_id = @pid";

    public string Delete => $"UPDATE {table} SET deleted = 1 WHERE persistence_id = @pid AND sequence_nr <= @to";

    public string All => $"SELECT ordering, persistence_id, sequence_nr, serializer_id, manifest, payload FROM {table} WHERE deleted = 0 ORDER BY ordering";

    /// <summary>The streams an event tagged pending opened and none tagged settled closed yet (<see cref="PendingStreams"/>).</summary>
    public string PendingTable => $"{table}_pending";

    /// <summary>
    /// The marks run right after their event's insert, in the same round trip, and only if that insert landed (the row
    /// at the sequence number is this writer's): a second writer's rejected event changes nothing.
    /// </summary>
    public string MarkPending => $"""
        INSERT INTO {PendingTable} (persistence_id) SELECT @pid WHERE {InsertLanded} ON CONFLICT (persistence_id) DO NOTHING
        """;

    public string MarkSettled => $"DELETE FROM {PendingTable} WHERE persistence_id = @pid AND {InsertLanded}";

    private string InsertLanded => $"EXISTS (SELECT 1 FROM {table} WHERE persistence_id = @pid AND sequence_nr = @seq AND writer_uuid = @writer)";

    public string Pending => $"SELECT persistence_id FROM {PendingTable}";
}
