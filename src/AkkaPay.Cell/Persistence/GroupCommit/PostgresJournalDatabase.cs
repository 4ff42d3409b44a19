using System.Data.Common;
using Akka.Event;
using Npgsql;
using NpgsqlTypes;
using AkkaPay.Domain.Routing;

namespace AkkaPay.Cell.Persistence.GroupCommit;

/// <summary>
/// PostgreSQL. Every statement costs the server an execution of its own (its CPU shares the machine with AkkaPay's),
/// so a group's rows and their marks go in as one statement over arrays (committed by itself when the group holds
/// one-event writes only), and many persistence ids' highest sequence numbers come back from one query.
/// </summary>
internal sealed class PostgresJournalDatabase(string connectionString) : GroupJournalDatabase
{
    public override DbConnection OpenWriter() => Open();

    /// <remarks>
    /// Generic plans only: PostgreSQL planned the highest-sequence-numbers query (it takes an array) anew for every
    /// batch, and the planning took longer than the run. The setting stays with the
    /// connection when it goes back to the pool; the journal's other reads got generic plans anyway.
    /// </remarks>
    public override DbConnection OpenReader()
    {
        var connection = Open();
        using var generic = new NpgsqlCommand("SET plan_cache_mode = force_generic_plan", connection);
        generic.ExecuteNonQuery();
        return connection;
    }

    private NpgsqlConnection Open()
    {
        var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        return connection;
    }

    public override async Task<DbConnection> OpenReaderAsync()
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    internal override bool[] Insert(DbConnection connection, DbTransaction transaction, GroupJournalSchema schema, IReadOnlyList<JournalRow> rows, JournalFence fence) =>
        InsertGroup((NpgsqlConnection)connection, (NpgsqlTransaction)transaction, schema, rows, fence);

    /// <summary>
    /// The one statement outside a transaction: PostgreSQL runs it in a transaction of its own and commits it before
    /// answering, so a group costs one round trip instead of two (the statement, then COMMIT).
    /// </summary>
    internal override bool[] InsertCommitted(DbConnection connection, GroupJournalSchema schema, IReadOnlyList<JournalRow> rows, JournalFence fence) =>
        InsertGroup((NpgsqlConnection)connection, null, schema, rows, fence);

    /// <summary>
    /// One statement (<see cref="GroupJournalSchema.PostgresInsertGroup"/>), which also checks the epoch. It waits as
    /// long as its commit takes: with synchronous replication, a commit waits for the standby, and a cancelled wait
    /// (Npgsql's command time-out) ends in success with only a warning, though the standby never had the rows (a
    /// primary cut off from its promoted standby). Only the cell's take-over cancels it, and the journal then
    /// counts nothing of the group as written.
    /// </summary>
    private static bool[] InsertGroup(NpgsqlConnection connection, NpgsqlTransaction? transaction, GroupJournalSchema schema, IReadOnlyList<JournalRow> rows, JournalFence fence)
    {
        using var insert = new NpgsqlCommand(schema.PostgresInsertGroup, connection, transaction) { CommandTimeout = 0 };
        insert.Parameters.Add(Array("pids", NpgsqlDbType.Text, rows.Select(row => row.PersistenceId)));
        insert.Parameters.Add(Array("seqs", NpgsqlDbType.Bigint, rows.Select(row => row.SequenceNr)));
        insert.Parameters.Add(Array("serializers", NpgsqlDbType.Integer, rows.Select(row => row.SerializerId)));
        insert.Parameters.Add(Array("manifests", NpgsqlDbType.Text, rows.Select(row => row.Manifest)));
        insert.Parameters.Add(Array("payloads", NpgsqlDbType.Bytea, rows.Select(row => row.Payload)));
        insert.Parameters.Add(Array("writers", NpgsqlDbType.Text, rows.Select(row => row.WriterUuid)));
        insert.Parameters.Add(Array("marks", NpgsqlDbType.Smallint, rows.Select(row => (short)row.Mark)));
        insert.Parameters.Add(new NpgsqlParameter("epoch", NpgsqlDbType.Bigint) { Value = fence.Held.Value });
        var landed = new HashSet<(string, long, string)>();
        var stored = CellFence.None;
        using var cancelWhenTakenOver = fence.Superseded.Register(insert.Cancel);
        using (var reader = insert.ExecuteReader())
            while (reader.Read())
                if (reader.IsDBNull(0)) stored = new CellEpoch(reader.GetInt64(1));
                else landed.Add((reader.GetString(0), reader.GetInt64(1), reader.GetString(2)));
        fence.Check(stored);   // nothing landed when it throws
        return [.. rows.Select(row => landed.Contains((row.PersistenceId, row.SequenceNr, row.WriterUuid)))];
    }

    /// <summary>
    /// A group's transaction waits in its commit for the synchronous standby, like the one-statement insert: given up
    /// on the cell's take-over (Npgsql sends the server a cancel request), after which nothing of it counts as written.
    /// </summary>
    internal override void Commit(DbTransaction transaction, JournalFence fence) =>
        ((NpgsqlTransaction)transaction).CommitAsync(fence.Superseded).GetAwaiter().GetResult();

    protected override bool IsStandby(DbConnection connection)
    {
        using var inRecovery = new NpgsqlCommand("SELECT pg_is_in_recovery()", (NpgsqlConnection)connection);
        return (bool)inRecovery.ExecuteScalar()!;
    }

    /// <summary>
    /// Promotes this site's streaming standby (pg_promote, waiting until it accepts writes): the cell's new active
    /// site takes its own copy of the journal over. The old primary, if it still runs, then has no synchronous
    /// standby, and none of its commits completes.
    /// </summary>
    protected override void TakeOver(DbConnection connection, ILoggingAdapter log)
    {
        if (!IsStandby(connection)) return;
        using var promote = new NpgsqlCommand("SELECT pg_promote(true, @wait)", (NpgsqlConnection)connection) { CommandTimeout = 0 };
        promote.Parameters.AddWithValue("wait", PromoteWaitSeconds);
        if (!(bool)promote.ExecuteScalar()!)
            throw new InvalidOperationException($"the standby copy of the journal was not promoted within {PromoteWaitSeconds} s");
        log.Warning("promoted this site's standby copy of the journal to primary ({0})", connection.DataSource);
    }

    private const int PromoteWaitSeconds = 60;

    internal override async Task<JournalCopiesSeen?> CopiesAsync()
    {
        await using var connection = await OpenReaderAsync();
        await using var read = new NpgsqlCommand("""
            SELECT pg_is_in_recovery(),
                   array(SELECT application_name FROM pg_stat_replication WHERE state = 'streaming' AND sync_state IN ('sync', 'quorum') ORDER BY 1)
            """, (NpgsqlConnection)connection);
        await using var reader = await read.ExecuteReaderAsync();
        await reader.ReadAsync();
        return reader.GetBoolean(0) ? null : new JournalCopiesSeen(Shared: false, SynchronousStandbys: reader.GetFieldValue<string[]>(1));
    }

    internal override IHighestSequenceNrReader HighestSequenceNrReader(GroupJournalSchema schema, ILoggingAdapter log) =>
        new BatchedHighestSequenceNrReader(this, schema, log);

    internal override Dictionary<string, long> HighestSequenceNrs(DbConnection connection, GroupJournalSchema schema, IReadOnlyCollection<string> persistenceIds)
    {
        using var select = new NpgsqlCommand(schema.PostgresHighestOfMany, (NpgsqlConnection)connection);
        select.Parameters.Add(Array("pids", NpgsqlDbType.Text, persistenceIds));
        var highest = new Dictionary<string, long>(persistenceIds.Count);
        using var reader = select.ExecuteReader();
        while (reader.Read())
            if (!reader.IsDBNull(1)) highest[reader.GetString(0)] = reader.GetInt64(1);
        return highest;
    }

    private static NpgsqlParameter Array<T>(string name, NpgsqlDbType elementType, IEnumerable<T> values) =>
        new(name, NpgsqlDbType.Array | elementType) { Value = values.ToArray() };

    /// <summary>
    /// CREATE TABLE IF NOT EXISTS is no guard against a creation that has not committed yet: the second of two nodes
    /// starting at once failed on the catalog's unique index ("duplicate key value … pg_type_typname_nsp_index").
    /// The statements run as one implicit transaction, so this lock is held until they commit.
    /// </summary>
    protected override string SerializeCreation(string table) => $"SELECT pg_advisory_xact_lock(hashtext('akkapay tables {table}'));";

    protected override string CreateTable(string table) => $"""
        CREATE TABLE IF NOT EXISTS {table} (
          ordering BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          persistence_id TEXT NOT NULL,
          sequence_nr BIGINT NOT NULL,
          serializer_id INTEGER NOT NULL,
          manifest TEXT NOT NULL,
          payload BYTEA NOT NULL,
          writer_uuid TEXT NOT NULL,
          deleted SMALLINT NOT NULL DEFAULT 0,
          UNIQUE (persistence_id, sequence_nr));
        """;
}
