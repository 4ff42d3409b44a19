using System.Data.Common;
using Akka.Event;
using AkkaPay.Domain.Routing;

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

    /// <summary>
    /// Inserts the rows in order, each with its mark on the list of pending streams if it has one, after checking in
    /// the same transaction that the cell's stored epoch admits the writer (<see cref="JournalFence.Check"/>: it
    /// throws, and nothing of the rows is written, when another site has taken the cell over).
    /// </summary>
    /// <returns>
    /// Per row: true when it landed, false when its sequence number was taken or it follows a row of the same
    /// persistence id and writer that was (nothing of it written).
    /// </returns>
    internal abstract bool[] Insert(DbConnection connection, DbTransaction transaction, GroupJournalSchema schema, IReadOnlyList<JournalRow> rows, JournalFence fence);

    /// <summary><see cref="Insert"/> in a transaction of its own, committed before it returns.</summary>
    internal virtual bool[] InsertCommitted(DbConnection connection, GroupJournalSchema schema, IReadOnlyList<JournalRow> rows, JournalFence fence)
    {
        using var transaction = connection.BeginTransaction();
        var landed = Insert(connection, transaction, schema, rows, fence);
        transaction.Commit();
        return landed;
    }

    /// <summary>Commits a group's transaction; a database whose commit can wait for another copy gives it up once the cell is taken over.</summary>
    internal virtual void Commit(DbTransaction transaction, JournalFence fence) => transaction.Commit();

    /// <summary>
    /// Raises the cell's stored epoch to <paramref name="epoch"/> (never lowers it), committed before it returns. A
    /// copy of the journal that is a read-only standby is first made the primary (<see cref="TakeOver"/>).
    /// </summary>
    /// <returns>True when the stored epoch was lower and is now <paramref name="epoch"/>.</returns>
    internal bool RaiseEpoch(DbConnection connection, GroupJournalSchema schema, CellEpoch epoch, ILoggingAdapter log)
    {
        TakeOver(connection, log);
        using var raise = connection.CreateCommand();
        raise.CommandText = schema.RaiseEpoch;
        AddParameter(raise, "@epoch", epoch.Value);
        return raise.ExecuteNonQuery() == 1;
    }

    /// <summary>True when this copy of the journal is a read-only standby (it takes no DDL and no writes until promoted).</summary>
    protected virtual bool IsStandby(DbConnection connection) => false;

    /// <summary>Makes a standby copy the writable primary, when it is one; nothing on a database that is the primary already.</summary>
    protected virtual void TakeOver(DbConnection connection, ILoggingAdapter log)
    {
    }

    /// <summary>
    /// Which other copies of this journal hold every write it acknowledges, as this database sees them now; null when
    /// it is a standby copy, which cannot tell. A database every site opens itself (SQLite's one file) is shared.
    /// </summary>
    internal virtual Task<JournalCopiesSeen?> CopiesAsync() => Task.FromResult<JournalCopiesSeen?>(new(Shared: true, SynchronousStandbys: []));

    /// <summary>How this database's journal reads highest sequence numbers (in batches, or one at a time).</summary>
    internal abstract IHighestSequenceNrReader HighestSequenceNrReader(GroupJournalSchema schema, ILoggingAdapter log);

    /// <returns>The highest sequence number written of each persistence id; ids never written are left out.</returns>
    internal abstract Dictionary<string, long> HighestSequenceNrs(DbConnection connection, GroupJournalSchema schema, IReadOnlyCollection<string> persistenceIds);

    /// <summary>
    /// Creates the journal table, its list of pending streams and its epoch (at the first) where they do not exist
    /// yet; on a standby copy, nothing: its tables come from the primary, which created them.
    /// </summary>
    public void CreateTables(string table)
    {
        using var connection = OpenWriter();
        if (IsStandby(connection)) return;
        using var command = connection.CreateCommand();
        var schema = new GroupJournalSchema(table);
        command.CommandText = $"""
            {SerializeCreation(table)}
            {CreateTable(table)}
            CREATE TABLE IF NOT EXISTS {schema.PendingTable} (persistence_id TEXT PRIMARY KEY){PendingTableOptions};
            {schema.CreateEpochTable}
            """;
        command.ExecuteNonQuery();
    }

    protected abstract string CreateTable(string table);

    /// <summary>
    /// What makes nodes creating the tables at once take turns, where the database does not by itself: then the later
    /// ones find the tables the first created instead of failing on them.
    /// </summary>
    protected virtual string SerializeCreation(string table) => "";

    /// <summary>What follows the definition of the list of pending streams.</summary>
    protected virtual string PendingTableOptions => "";

    internal static void AddParameter(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        (parameter.ParameterName, parameter.Value) = (name, value);
        command.Parameters.Add(parameter);
    }
}

/// <summary>What a journal's database says of its copies (<see cref="GroupJournalDatabase.CopiesAsync"/>).</summary>
/// <param name="SynchronousStandbys">The application names of the standbys it commits synchronously to, streaming now.</param>
internal sealed record JournalCopiesSeen(bool Shared, IReadOnlyList<string> SynchronousStandbys);
