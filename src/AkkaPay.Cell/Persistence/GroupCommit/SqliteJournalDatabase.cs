using System.Data.Common;
using System.Runtime.CompilerServices;
using Akka.Event;
using AkkaPay.Domain.Routing;
using Microsoft.Data.Sqlite;

namespace AkkaPay.Cell.Persistence.GroupCommit;

/// <summary>
/// SQLite in WAL mode with full sync. In process, a statement costs no round trip: rows are inserted one statement
/// after another. A connection kept open (the writer's, the reader of highest sequence numbers') prepares each SQL
/// text once for its whole life: preparing per group and per read was 8 % of the process's allocations.
/// </summary>
internal sealed class SqliteJournalDatabase(string connectionString) : GroupJournalDatabase
{
    /// <summary>Per connection, its prepared commands by SQL text; a connection is used by one thread at a time.</summary>
    private static readonly ConditionalWeakTable<DbConnection, Dictionary<string, DbCommand>> Prepared = [];

    private static readonly string[] InsertParameters = ["@pid", "@seq", "@serializer", "@manifest", "@payload", "@writer"];
    private static readonly string[] MarkParameters = ["@pid", "@seq", "@writer"];

    // The commit that fills the WAL past wal_autocheckpoint pages copies them back into the database file, on the
    // writer's thread, while every queued write waits. SQLite's default of 1,000 pages meant a checkpoint every
    // hundred or so groups; with 8,000 a page changed by many groups is copied once (p50 lower, p99 no worse).
    // The WAL file then stays about 32 MB.
    public override DbConnection OpenWriter() => Open("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000; PRAGMA wal_autocheckpoint = 8000;");

    // WAL is a property of the file (set by the writer) and readers do not sync; without the busy timeout
    // Microsoft.Data.Sqlite sleeps 150 ms whenever the file is busy
    public override DbConnection OpenReader() => Open("PRAGMA busy_timeout = 5000;");

    // Microsoft.Data.Sqlite opens in process and has no asynchronous open of its own
    public override Task<DbConnection> OpenReaderAsync() => Task.FromResult(OpenReader());

    internal override bool[] Insert(DbConnection connection, DbTransaction transaction, GroupJournalSchema schema, IReadOnlyList<JournalRow> rows, JournalFence fence)
    {
        // the writer's transaction holds SQLite's one write lock from its start (BEGIN IMMEDIATE), so no raise can
        // come between this read and the commit
        fence.Check(new CellEpoch((long)Command(connection, transaction, schema.ReadEpoch, []).ExecuteScalar()!));
        var insert = Command(connection, transaction, schema.Insert, InsertParameters);
        var landed = new bool[rows.Count];
        var refused = new HashSet<(string, string)>();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (refused.Contains((row.PersistenceId, row.WriterUuid))) continue;   // behind a refused row of its stream
            landed[i] = Execute(insert, row.PersistenceId, row.SequenceNr, row.SerializerId, row.Manifest, row.Payload, row.WriterUuid) == 1;
            if (!landed[i]) refused.Add((row.PersistenceId, row.WriterUuid));
            var mark = row.Mark switch { PendingMark.Pending => schema.MarkPending, PendingMark.Settled => schema.MarkSettled, _ => null };
            if (mark is not null) Execute(Command(connection, transaction, mark, MarkParameters), row.PersistenceId, row.SequenceNr, row.WriterUuid);
        }
        return landed;
    }

    internal override IHighestSequenceNrReader HighestSequenceNrReader(GroupJournalSchema schema, ILoggingAdapter log) =>
        new InlineHighestSequenceNrReader(this, schema);

    internal override Dictionary<string, long> HighestSequenceNrs(DbConnection connection, GroupJournalSchema schema, IReadOnlyCollection<string> persistenceIds)
    {
        var select = Command(connection, null, schema.Highest, ["@pid"]);
        var highest = new Dictionary<string, long>(persistenceIds.Count);
        foreach (var persistenceId in persistenceIds)
        {
            select.Parameters[0].Value = persistenceId;
            if (select.ExecuteScalar() is long sequenceNr) highest[persistenceId] = sequenceNr;
        }
        return highest;
    }

    // Every commit writes each page it changed to the WAL. Without AUTOINCREMENT no commit also rewrites
    // sqlite_sequence; the ordering still only grows, because no journal row is ever removed (deletes flag them).
    protected override string CreateTable(string table) => $"""
        CREATE TABLE IF NOT EXISTS {table} (
          ordering INTEGER PRIMARY KEY,
          persistence_id TEXT NOT NULL,
          sequence_nr INTEGER NOT NULL,
          serializer_id INTEGER NOT NULL,
          manifest TEXT NOT NULL,
          payload BLOB NOT NULL,
          writer_uuid TEXT NOT NULL,
          deleted INTEGER NOT NULL DEFAULT 0,
          UNIQUE (persistence_id, sequence_nr));
        """;

    // one B-tree (the key) instead of a table and the index of its key: a mark changes one page, not two
    protected override string PendingTableOptions => " WITHOUT ROWID";

    private SqliteConnection Open(string pragmas)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = pragmas;
        command.ExecuteNonQuery();
        return connection;
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, string[] parameters)
    {
        var commands = Prepared.GetOrCreateValue(connection);
        if (!commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in parameters) AddParameter(command, name, null);
            commands.Add(sql, command);
        }
        command.Transaction = transaction;
        return command;
    }

    private static int Execute(DbCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i];
        return command.ExecuteNonQuery();
    }
}
