using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace AkkaPay.Cell.Persistence.GroupCommit;

/// <summary>
/// SQLite in WAL mode with full sync. In process, a statement costs no round trip: rows are inserted one statement
/// after another, each SQL text prepared once per group.
/// </summary>
internal sealed class SqliteJournalDatabase(string connectionString) : GroupJournalDatabase
{
    private static readonly string[] InsertParameters = ["@pid", "@seq", "@serializer", "@manifest", "@payload", "@writer"];
    private static readonly string[] MarkParameters = ["@pid", "@seq", "@writer"];

    public override DbConnection OpenWriter() => Open("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;");

    // WAL is a property of the file (set by the writer) and readers do not sync; without the busy timeout
    // Microsoft.Data.Sqlite sleeps 150 ms whenever the file is busy
    public override DbConnection OpenReader() => Open("PRAGMA busy_timeout = 5000;");

    // Microsoft.Data.Sqlite opens in process and has no asynchronous open of its own
    public override Task<DbConnection> OpenReaderAsync() => Task.FromResult(OpenReader());

    internal override bool[] Insert(DbConnection connection, DbTransaction transaction, GroupJournalSchema schema, IReadOnlyList<JournalRow> rows)
    {
        using var insert = new ReusedCommand(connection, transaction, schema.Insert, InsertParameters);
        using var pending = new ReusedCommand(connection, transaction, schema.MarkPending, MarkParameters);
        using var settled = new ReusedCommand(connection, transaction, schema.MarkSettled, MarkParameters);
        var landed = new bool[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            landed[i] = insert.Execute(row.PersistenceId, row.SequenceNr, row.SerializerId, row.Manifest, row.Payload, row.WriterUuid) == 1;
            var mark = row.Mark switch { PendingMark.Pending => pending, PendingMark.Settled => settled, _ => null };
            mark?.Execute(row.PersistenceId, row.SequenceNr, row.WriterUuid);
        }
        return landed;
    }

    // In process, a read is no round trip and batching saves little; measured with the batching thread, the first
    // second of every load run stalled for 0.2–1.5 s (the reader's queue and reads stayed under 50 ms; cause not found)
    internal override bool BatchesHighestReads => false;

    internal override Dictionary<string, long> HighestSequenceNrs(DbConnection connection, GroupJournalSchema schema, IReadOnlyCollection<string> persistenceIds)
    {
        using var select = connection.CreateCommand();
        select.CommandText = schema.Highest;
        AddParameter(select, "@pid", null);
        var highest = new Dictionary<string, long>(persistenceIds.Count);
        foreach (var persistenceId in persistenceIds)
        {
            select.Parameters[0].Value = persistenceId;
            if (select.ExecuteScalar() is long sequenceNr) highest[persistenceId] = sequenceNr;
        }
        return highest;
    }

    protected override string CreateTable(string table) => $"""
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

    private SqliteConnection Open(string pragmas)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = pragmas;
        command.ExecuteNonQuery();
        return connection;
    }

    /// <summary>One SQL text, created on its first execution (a group without marks prepares no mark statement) and reused for every row after.</summary>
    private sealed class ReusedCommand(DbConnection connection, DbTransaction transaction, string sql, string[] parameters) : IDisposable
    {
        private DbCommand? _command;

        public int Execute(params object[] values)
        {
            if (_command is null)
            {
                _command = connection.CreateCommand();
                _command.Transaction = transaction;
                _command.CommandText = sql;
                foreach (var name in parameters) AddParameter(_command, name, null);
            }
            for (var i = 0; i < values.Length; i++) _command.Parameters[i].Value = values[i];
            return _command.ExecuteNonQuery();
        }

        public void Dispose() => _command?.Dispose();
    }
}
