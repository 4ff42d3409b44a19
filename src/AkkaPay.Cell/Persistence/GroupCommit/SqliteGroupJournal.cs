using System.Collections.Immutable;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Microsoft.Data.Sqlite;

namespace AkkaPay.Cell.Persistence.GroupCommit;

/// <summary>
/// A SQLite journal that commits many persistent actors' writes in one transaction (group commit): writes wait
/// in a queue, one writer takes everything queued, writes each actor's atomic write inside a savepoint (a
/// rejected one, e.g. a second writer of the same sequence number, rolls back alone), commits once, and only
/// then answers every writer. One fsync serves the whole group.
/// </summary>
public sealed class SqliteGroupJournal : AsyncWriteJournal
{
    private const int GroupMax = 2_000;

    /// <summary>SQLITE_CONSTRAINT: that persistence id already has that sequence number.</summary>
    private const int SqliteConstraint = 19;

    private readonly string _connectionString;
    private readonly SqliteGroupJournalSchema _schema;
    private readonly Akka.Serialization.Serialization _serialization;
    private readonly Channel<WriteRequest> _queue = Channel.CreateUnbounded<WriteRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public SqliteGroupJournal(Config config)
    {
        _connectionString = config.GetString("connection-string");
        _schema = new SqliteGroupJournalSchema(config.GetString("table-name", "event_journal"));
        _serialization = Context.System.Serialization;
        using (var connection = Open()) Execute(connection, _schema.Create);
        _writer = Task.Run(WriteLoop);
    }

    private sealed record Row(string PersistenceId, long SequenceNr, int SerializerId, string Manifest, byte[] Payload, string WriterUuid);

    private sealed record WriteRequest(IReadOnlyList<IReadOnlyList<Row>> AtomicWrites, TaskCompletionSource<IImmutableList<Exception?>> Done);

    protected override Task<IImmutableList<Exception?>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var request = new WriteRequest([.. messages.Select(write => (IReadOnlyList<Row>)[.. ((IImmutableList<IPersistentRepresentation>)write.Payload).Select(ToRow)])],
            new TaskCompletionSource<IImmutableList<Exception?>>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(request)) request.Done.SetException(new InvalidOperationException("the journal is stopping"));
        return request.Done.Task;
    }

    private Row ToRow(IPersistentRepresentation message)
    {
        var payload = message.Payload is Tagged tagged ? tagged.Payload : message.Payload;
        var serializer = _serialization.FindSerializerFor(payload);
        return new Row(message.PersistenceId, message.SequenceNr, serializer.Identifier,
            Akka.Serialization.Serialization.ManifestFor(serializer, payload), serializer.ToBinary(payload), message.WriterGuid);
    }

    private async Task WriteLoop()
    {
        using var connection = Open();
        while (await _queue.Reader.WaitToReadAsync())
        {
            var group = new List<WriteRequest>();
            var rows = 0;
            while (rows < GroupMax && _queue.Reader.TryRead(out var request))
            {
                group.Add(request);
                rows += request.AtomicWrites.Sum(w => w.Count);
            }
            try
            {
                var results = WriteGroup(connection, group);
                for (var i = 0; i < group.Count; i++) group[i].Done.SetResult(results[i]);
            }
            catch (Exception e)
            {
                foreach (var request in group) request.Done.TrySetException(e);
            }
        }
    }

    /// <returns>Per request, per atomic write: null when written, the reason when rejected.</returns>
    private List<IImmutableList<Exception?>> WriteGroup(SqliteConnection connection, List<WriteRequest> group)
    {
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = _schema.Insert;
        var parameters = new[] { "$pid", "$seq", "$serializer", "$manifest", "$payload", "$writer" }.Select(name => insert.Parameters.Add(new SqliteParameter { ParameterName = name })).ToArray();
        var results = new List<IImmutableList<Exception?>>();
        var savepoint = 0;
        foreach (var request in group)
        {
            var outcome = ImmutableList.CreateBuilder<Exception?>();
            foreach (var write in request.AtomicWrites)
                outcome.Add(write.Count == 1 ? InsertOne(insert, parameters, write[0]) : InsertAtomically(connection, transaction, insert, parameters, write, $"w{savepoint++}"));
            results.Add(outcome.ToImmutable());
        }
        transaction.Commit();
        return results;
    }

    /// <summary>A failed single INSERT undoes only itself (SQLite's statement rollback): no savepoint needed.</summary>
    private static Exception? InsertOne(SqliteCommand insert, SqliteParameter[] parameters, Row row)
    {
        try
        {
            Insert(insert, parameters, row);
            return null;
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SqliteConstraint)
        {
            return e;
        }
    }

    /// <summary>Several events of one write: all or none, inside a savepoint.</summary>
    private static Exception? InsertAtomically(
        SqliteConnection connection, SqliteTransaction transaction, SqliteCommand insert, SqliteParameter[] parameters, IReadOnlyList<Row> write, string savepoint)
    {
        Execute(connection, $"SAVEPOINT {savepoint}", transaction);
        try
        {
            foreach (var row in write) Insert(insert, parameters, row);
            Execute(connection, $"RELEASE {savepoint}", transaction);
            return null;
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SqliteConstraint)
        {
            Execute(connection, $"ROLLBACK TO {savepoint}", transaction);
            Execute(connection, $"RELEASE {savepoint}", transaction);
            return e;
        }
    }

    private static void Insert(SqliteCommand insert, SqliteParameter[] parameters, Row row)
    {
        (parameters[0].Value, parameters[1].Value, parameters[2].Value, parameters[3].Value, parameters[4].Value, parameters[5].Value) =
            (row.PersistenceId, row.SequenceNr, row.SerializerId, row.Manifest, row.Payload, row.WriterUuid);
        insert.ExecuteNonQuery();
    }

    public override async Task ReplayMessagesAsync(IActorContext context, string persistenceId, long fromSequenceNr, long toSequenceNr, long max, Action<IPersistentRepresentation> recoveryCallback)
    {
        await using var connection = OpenForReading();
        await using var select = connection.CreateCommand();
        select.CommandText = _schema.Replay;
        select.Parameters.AddWithValue("$pid", persistenceId);
        select.Parameters.AddWithValue("$from", fromSequenceNr);
        select.Parameters.AddWithValue("$to", toSequenceNr);
        select.Parameters.AddWithValue("$max", max);
        await using var reader = await select.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var payload = _serialization.Deserialize((byte[])reader["payload"], reader.GetInt32(1), reader.GetString(2));
            recoveryCallback(new Persistent(payload, reader.GetInt64(0), persistenceId, reader.GetString(2), false, ActorRefs.NoSender, reader.GetString(4)));
        }
    }

    public override async Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken)
    {
        await using var connection = OpenForReading();
        await using var select = connection.CreateCommand();
        select.CommandText = _schema.Highest;
        select.Parameters.AddWithValue("$pid", persistenceId);
        return await select.ExecuteScalarAsync() is long highest ? highest : 0;
    }

    protected override async Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var delete = connection.CreateCommand();
        delete.CommandText = _schema.Delete;
        delete.Parameters.AddWithValue("$pid", persistenceId);
        delete.Parameters.AddWithValue("$to", toSequenceNr);
        await delete.ExecuteNonQueryAsync();
    }

    protected override void PostStop()
    {
        _queue.Writer.TryComplete();
        _writer.Wait(TimeSpan.FromSeconds(10));
        base.PostStop();
    }

    private SqliteConnection Open() => Open(_connectionString);

    /// <summary>
    /// A pooled connection for replays: WAL is a property of the file (set by the writer at start) and readers do
    /// not sync, so only the busy timeout is set (without it Microsoft.Data.Sqlite sleeps 150 ms on a busy file).
    /// </summary>
    private SqliteConnection OpenForReading()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, "PRAGMA busy_timeout = 5000;");
        return connection;
    }

    internal static SqliteConnection Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        Execute(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;");
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
