namespace AkkaPay.Cell.Persistence.GroupCommit;

/// <summary>
/// The group-commit journal's tables and statements, built once per journal (the writer and the readers look them up
/// for every group and read). Most are SQL that SQLite and PostgreSQL share; PostgreSQL inserts a group and reads
/// many highest sequence numbers with statements of its own (<see cref="PostgresJournalDatabase"/>).
/// Deleted events stay, flagged, so the highest sequence number survives deletes. An insert of a taken sequence
/// number changes no row instead of failing, so that it never aborts the group's transaction.
/// </summary>
internal sealed class GroupJournalSchema(string table)
{
    public string Table { get; } = table;

    /// <summary>Every row, deleted ones too, stream by stream in sequence order: what a check of the journal itself reads.</summary>
    public string EveryRow { get; } = $"SELECT persistence_id, sequence_nr, writer_uuid, serializer_id, manifest, payload FROM {table} ORDER BY persistence_id, sequence_nr";

    /// <summary>The streams an event tagged pending opened and none tagged settled closed yet (<see cref="PendingStreams"/>).</summary>
    public string PendingTable { get; } = PendingTableOf(table);

    public string Insert { get; } = $"""
        INSERT INTO {table} (persistence_id, sequence_nr, serializer_id, manifest, payload, writer_uuid)
        VALUES (@pid, @seq, @serializer, @manifest, @payload, @writer) ON CONFLICT (persistence_id, sequence_nr) DO NOTHING
        """;

    public string Replay { get; } = $"""
        SELECT sequence_nr, serializer_id, manifest, payload, writer_uuid FROM {table}
        WHERE persistence_id = @pid AND sequence_nr BETWEEN @from AND @to AND deleted = 0 ORDER BY sequence_nr LIMIT @max
        """;

    public string Highest { get; } = $"SELECT MAX(sequence_nr) FROM {table} WHERE persistence_id = @pid";

    public string Delete { get; } = $"UPDATE {table} SET deleted = 1 WHERE persistence_id = @pid AND sequence_nr <= @to";

    public string All { get; } = $"SELECT ordering, persistence_id, sequence_nr, serializer_id, manifest, payload FROM {table} WHERE deleted = 0 ORDER BY ordering";

    /// <summary>
    /// The marks run right after their event's insert, and only if that insert landed (the row at the sequence number
    /// is this writer's): a second writer's rejected event changes nothing.
    /// </summary>
    public string MarkPending { get; } = $"""
        INSERT INTO {PendingTableOf(table)} (persistence_id) SELECT @pid WHERE {InsertLanded(table)} ON CONFLICT (persistence_id) DO NOTHING
        """;

    public string MarkSettled { get; } = $"DELETE FROM {PendingTableOf(table)} WHERE persistence_id = @pid AND {InsertLanded(table)}";

    public string Pending { get; } = $"SELECT persistence_id FROM {PendingTableOf(table)}";

    /// <summary>The cell's fencing epoch: one row, the highest epoch any node has written with (<see cref="CellFence"/>).</summary>
    public string CreateEpochTable { get; } = $"""
        CREATE TABLE IF NOT EXISTS {EpochTableOf(table)} (id INTEGER PRIMARY KEY CHECK (id = 1), epoch BIGINT NOT NULL);
        INSERT INTO {EpochTableOf(table)} (id, epoch) VALUES (1, 1) ON CONFLICT (id) DO NOTHING;
        """;

    public string ReadEpoch { get; } = $"SELECT epoch FROM {EpochTableOf(table)} WHERE id = 1";

    /// <summary>Never lowers it: a node that raises to an epoch already passed changes nothing (and is then refused by its writes).</summary>
    public string RaiseEpoch { get; } = $"UPDATE {EpochTableOf(table)} SET epoch = @epoch WHERE id = 1 AND epoch < @epoch";

    /// <summary>
    /// PostgreSQL: a group's rows in their order, then the marks of the rows that landed, in one statement. A row
    /// whose sequence number is taken does not land, nor does any later row of its persistence id and writer. The
    /// probe sees the rows committed as the statement starts (the journal leaves out a group's second writer of a
    /// number); a row another node commits at one of the group's numbers while the statement runs fails the statement
    /// (a unique violation): the whole group fails rather than a stream's later rows landing behind another writer's.
    /// A stream's last landed mark in the group decides (the list is a set, and the statement's parts cannot see each
    /// other's changes). Nothing lands when the stored epoch is above the writer's (@epoch); the epoch row is locked
    /// for share, so a raise waits for the group to commit and a group after a raise sees it. Returns the rows that
    /// landed, then one row without a persistence id whose sequence number is the stored epoch.
    /// </summary>
    public string PostgresInsertGroup { get; } = $"""
        WITH fence AS (SELECT epoch FROM {EpochTableOf(table)} WHERE id = 1 FOR SHARE),
        probed AS (
          SELECT input.*, EXISTS (SELECT 1 FROM {table} WHERE persistence_id = input.pid AND sequence_nr = input.seq) AS taken
          FROM unnest(@pids, @seqs, @serializers, @manifests, @payloads, @writers, @marks) WITH ORDINALITY
            AS input(pid, seq, serializer, manifest, payload, writer, mark, position)),
        input AS (SELECT *, bool_or(taken) OVER (PARTITION BY pid, writer ORDER BY position) AS refused FROM probed),
        landed AS (
          INSERT INTO {table} (persistence_id, sequence_nr, serializer_id, manifest, payload, writer_uuid)
          SELECT pid, seq, serializer, manifest, payload, writer FROM input WHERE (SELECT epoch FROM fence) <= @epoch AND NOT refused ORDER BY position
          RETURNING persistence_id, sequence_nr, writer_uuid),
        last_marks AS (
          SELECT DISTINCT ON (input.pid) input.pid, input.mark FROM input
          JOIN landed ON landed.persistence_id = input.pid AND landed.sequence_nr = input.seq AND landed.writer_uuid = input.writer
          WHERE input.mark <> 0 ORDER BY input.pid, input.seq DESC),
        pending AS (
          INSERT INTO {PendingTableOf(table)} (persistence_id) SELECT pid FROM last_marks WHERE mark = 1
          ON CONFLICT (persistence_id) DO NOTHING),
        settled AS (
          DELETE FROM {PendingTableOf(table)} USING last_marks WHERE persistence_id = last_marks.pid AND last_marks.mark = 2)
        SELECT persistence_id, sequence_nr, writer_uuid FROM landed
        UNION ALL SELECT NULL, epoch, NULL FROM fence
        """;

    /// <summary>
    /// PostgreSQL: many ids' highest sequence numbers, one index lookup per id whatever the plan
    /// ("persistence_id = ANY(@pids)" got a generic plan that scanned the table).
    /// </summary>
    public string PostgresHighestOfMany { get; } =
        $"SELECT pid, (SELECT MAX(sequence_nr) FROM {table} WHERE persistence_id = pid) FROM unnest(@pids) AS ids(pid)";

    private static string PendingTableOf(string table) => $"{table}_pending";

    private static string EpochTableOf(string table) => $"{table}_epoch";

    private static string InsertLanded(string table) =>
        $"EXISTS (SELECT 1 FROM {table} WHERE persistence_id = @pid AND sequence_nr = @seq AND writer_uuid = @writer)";
}
