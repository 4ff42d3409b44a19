using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace AkkaPay.Cell.Persistence.GroupCommit;

/// <summary>What differs between the databases the group-commit journal writes to: connections and the table's DDL.</summary>
public abstract class GroupJournalDatabase
{
    public static GroupJournalDatabase For(JournalProvider provider, string connectionString) => provider switch
    {
        JournalProvider.Sqlite => new SqliteDatabase(connectionString),
        JournalProvider.Postgres => new PostgresDatabase(connectionString),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "the group-commit journal writes to SQLite and PostgreSQL"),
    };

    /// <summary>The one connection the writer keeps open.</summary>
    public abstract DbConnection OpenWriter();

    /// <summary>A pooled connection for the audit's read of the whole table (which reads on a thread of its own).</summary>
    public abstract DbConnection OpenReader();

    /// <summary>
    /// A pooled connection for a replay, a highest sequence number or a delete. Asynchronous because these run on
    /// the thread pool: when PostgreSQL's pool is empty (a burst of payments starting), a synchronous open blocked
    /// a pool thread per waiting read, and the whole process stalled for a second or two until the pool grew.
    /// </summary>
    public abstract Task<DbConnection> OpenReaderAsync();

    /// <summary>Creates the journal table and its list of pending streams where they do not exist yet.</summary>
    public void CreateTables(string table)
    {
        using var connection = OpenWriter();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            {CreateTable(table)}
            CREATE TABLE IF NOT EXISTS {new GroupJournalSchema(table).PendingTable} (persistence_id TEXT PRIMARY KEY);
            """;
        command.ExecuteNonQuery();
    }

    protected abstract string CreateTable(string table);

    private sealed class SqliteDatabase(string connectionString) : GroupJournalDatabase
    {
        public override DbConnection OpenWriter() => Open("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;");

        // WAL is a property of the file (set by the writer) and readers do not sync; without the busy timeout
        // Microsoft.Data.Sqlite sleeps 150 ms whenever the file is busy
        public override DbConnection OpenReader() => Open("PRAGMA busy_timeout = 5000;");

        // Microsoft.Data.Sqlite opens in process and has no asynchronous open of its own
        public override Task<DbConnection> OpenReaderAsync() => Task.FromResult(OpenReader());

        private SqliteConnection Open(string pragmas)
        {
            var connection = new SqliteConnection(connectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = pragmas;
            command.ExecuteNonQuery();
            return connection;
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
    }

    private sealed class PostgresDatabase(string connectionString) : GroupJournalDatabase
    {
        public override DbConnection OpenWriter() => OpenReader();

        public override DbConnection OpenReader()
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
}
