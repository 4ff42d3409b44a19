using System.Data.Common;
using Akka.Event;

namespace AkkaPay.Cell.Persistence.GroupCommit;

/// <summary>What differs between the databases the group-commit journal writes to: connections, DDL, and how a group's rows are inserted and many highest sequence numbers read.</summary>
public abstract class GroupJournalDatabase
{
    public static GroupJournalDatabase For(JournalProvider provider, string connectionString) => provider switch
    {
        JournalProvider.Sqlite => new SqliteJournalDatabase(connectionString),
        JournalProvider.Postgres => new PostgresJournalDatabase(connectionString),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "the group-commit journal writes to SQLite and PostgreSQL"),
    };

    /// <summary>The one connection the writer keeps open.</summary>
    public abstract DbConnection OpenWriter();

    /// <summary>A connection for the reads that run on threads of their own: highest sequence numbers (kept open), the audit's read of the whole table.</summary>
    public abstract DbConnection OpenReader();

    /// <summary>
    /// A pooled connection for a replay or a delete. Asynchronous because these run on the thread pool: when
    /// PostgreSQL's pool is empty (a burst of entities recovering), a synchronous open blocked a pool thread per
    /// waiting read, and the whole process stalled for a second or two until the pool grew.
    /// </summary>
    public abstract Task<DbConnection> OpenReaderAsync();

    /// <summary>Inserts the rows in order, each with its mark on the list of pending streams if it has one.</summary>
    /// <returns>Per row: true when it landed, false when its sequence number was taken (nothing of it written).</returns>
    internal abstract bool[] Insert(DbConnection connection, DbTransaction transaction, GroupJournalSchema schema, IReadOnlyList<JournalRow> rows);

    /// <summary><see cref="Insert"/> in a transaction of its own, committed before it returns.</summary>
    internal virtual bool[] InsertCommitted(DbConnection connection, GroupJournalSchema schema, IReadOnlyList<JournalRow> rows)
    {
        using var transaction = connection.BeginTransaction();
        var landed = Insert(connection, transaction, schema, rows);
        transaction.Commit();
        return landed;
    }

    /// <summary>How this database's journal reads highest sequence numbers (in batches, or one at a time).</summary>
    internal abstract IHighestSequenceNrReader HighestSequenceNrReader(GroupJournalSchema schema, ILoggingAdapter log);

    /// <returns>The highest sequence number written of each persistence id; ids never written are left out.</returns>
    internal abstract Dictionary<string, long> HighestSequenceNrs(DbConnection connection, GroupJournalSchema schema, IReadOnlyCollection<string> persistenceIds);

    /// <summary>Creates the journal table and its list of pending streams where they do not exist yet.</summary>
    public void CreateTables(string table)
    {
        using var connection = OpenWriter();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            {CreateTable(table)}
            CREATE TABLE IF NOT EXISTS {new GroupJournalSchema(table).PendingTable} (persistence_id TEXT PRIMARY KEY){PendingTableOptions};
            """;
        command.ExecuteNonQuery();
    }

    protected abstract string CreateTable(string table);

    /// <summary>What follows the definition of the list of pending streams.</summary>
    protected virtual string PendingTableOptions => "";

    internal static void AddParameter(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        (parameter.ParameterName, parameter.Value) = (name, value);
        command.Parameters.Add(parameter);
    }
}
