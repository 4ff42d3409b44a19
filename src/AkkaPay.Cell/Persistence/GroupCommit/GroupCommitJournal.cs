using System.Collections.Immutable;
using System.Data.Common;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Journal;

namespace AkkaPay.Cell.Persistence.GroupCommit;

/// <summary>
/// A journal that commits many persistent actors' writes in one transaction (group commit), on SQLite or
/// PostgreSQL: writes wait in a queue, one writer takes everything queued, inserts it, commits once, and only
/// then answers every writer. One sync serves the whole group. A write whose sequence number is taken (a second
/// writer of the same persistence id) is rejected alone, with the rest of its group landing.
/// </summary>
public sealed class GroupCommitJournal : AsyncWriteJournal
{
    private const int GroupMax = 2_000;

    private readonly GroupJournalDatabase _database;
    private readonly string _table;
    private readonly GroupJournalSchema _schema;
    private readonly Akka.Serialization.Serialization _serialization;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    /// <summary>
    /// Synchronous continuations: a write wakes the blocked writer directly instead of through a work item queued
    /// behind every actor on the thread pool; measured, that hop was about a third of a write's wait under load.
    /// </summary>
    private readonly Channel<WriteRequest> _queue = Channel.CreateUnbounded<WriteRequest>(new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = true });

    /// <summary>
    /// The writer has a thread of its own: it blocks in the database for most of its life (a commit's sync, a round
    /// trip to PostgreSQL). On the thread pool, four cells' writers held pool threads, and a burst of new payments
    /// (a step up in load) stalled the whole process for a second or so until the pool grew.
    /// </summary>
    private readonly Thread _writer;

    public GroupCommitJournal(Config config)
    {
        _database = GroupJournalDatabase.For(Enum.Parse<JournalProvider>(config.GetString("provider"), ignoreCase: true), config.GetString("connection-string"));
        _table = config.GetString("table-name", "event_journal");
        _schema = new GroupJournalSchema(_table);
        _serialization = Context.System.Serialization;
        _database.CreateTables(_table);
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = $"journal writer {_table}" };
        _writer.Start();
    }

    /// <summary>What an event does to the list of pending streams (<see cref="PendingStreams"/>).</summary>
    private enum Mark { None, Pending, Settled }

    private sealed record Row(string PersistenceId, long SequenceNr, int SerializerId, string Manifest, byte[] Payload, string WriterUuid, Mark Mark);

    private sealed record WriteRequest(IReadOnlyList<IReadOnlyList<Row>> AtomicWrites, TaskCompletionSource<IImmutableList<Exception?>> Done);

    protected override Task<IImmutableList<Exception?>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var request = new WriteRequest([.. messages.Select(write => (IReadOnlyList<Row>)[.. ((IImmutableList<IPersistentRepresentation>)write.Payload).Select(ToRow)])],
            // continuations run on the writer: Akka only tells the writing actors there, which is cheaper than a hop
            new TaskCompletionSource<IImmutableList<Exception?>>());
        if (!_queue.Writer.TryWrite(request)) request.Done.SetException(new InvalidOperationException("the journal is stopping"));
        return request.Done.Task;
    }

    private Row ToRow(IPersistentRepresentation message)
    {
        var (payload, mark) = message.Payload is Tagged tagged ? (tagged.Payload, MarkOf(tagged.Tags)) : (message.Payload, Mark.None);
        var serializer = _serialization.FindSerializerFor(payload);
        return new Row(message.PersistenceId, message.SequenceNr, serializer.Identifier,
            Akka.Serialization.Serialization.ManifestFor(serializer, payload), serializer.ToBinary(payload), message.WriterGuid, mark);
    }

    private static Mark MarkOf(IImmutableSet<string> tags) =>
        tags.Contains(PendingStreams.SettledTag) ? Mark.Settled : tags.Contains(PendingStreams.PendingTag) ? Mark.Pending : Mark.None;

    private void WriteLoop()
    {
        DbConnection? connection = null;
        while (_queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
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
                connection ??= _database.OpenWriter();
                var results = WriteGroup(connection, group);
                for (var i = 0; i < group.Count; i++) group[i].Done.SetResult(results[i]);
            }
            catch (Exception e)
            {
                // nothing of the group is acknowledged; the next group starts on a new connection
                _log.Error(e, "journal {0}: a group of {1} writes failed", _table, group.Count);
                foreach (var request in group) request.Done.TrySetException(e);
                connection?.Dispose();
                connection = null;
            }
        }
        connection?.Dispose();
    }

    /// <returns>Per request, per atomic write: null when written, the reason when rejected.</returns>
    private IImmutableList<Exception?>[] WriteGroup(DbConnection connection, List<WriteRequest> group)
    {
        using var transaction = connection.BeginTransaction();
        var outcomes = group.Select(request => new Exception?[request.AtomicWrites.Count]).ToArray();
        var singles = new List<(Row Row, int Request, int Write)>();
        var savepoint = 0;
        for (var r = 0; r < group.Count; r++)
            for (var w = 0; w < group[r].AtomicWrites.Count; w++)
            {
                var write = group[r].AtomicWrites[w];
                if (write.Count == 1)
                {
                    singles.Add((write[0], r, w));
                    continue;
                }
                InsertSingles(connection, transaction, singles, outcomes);   // keeps the group's order
                outcomes[r][w] = InsertAtomically(connection, transaction, write, $"w{savepoint++}");
            }
        InsertSingles(connection, transaction, singles, outcomes);
        transaction.Commit();
        return [.. outcomes.Select(outcome => (IImmutableList<Exception?>)ImmutableList.Create(outcome))];
    }

    /// <summary>One-event writes, each its own insert; an insert that changed no row found its sequence number taken.</summary>
    private void InsertSingles(DbConnection connection, DbTransaction transaction, List<(Row Row, int Request, int Write)> singles, Exception?[][] outcomes)
    {
        var landed = Insert(connection, transaction, [.. singles.Select(single => single.Row)]);
        for (var i = 0; i < singles.Count; i++)
            if (!landed[i]) outcomes[singles[i].Request][singles[i].Write] = Taken(singles[i].Row);
        singles.Clear();
    }

    /// <summary>Several events of one write: all or none, inside a savepoint.</summary>
    private Exception? InsertAtomically(DbConnection connection, DbTransaction transaction, IReadOnlyList<Row> write, string savepoint)
    {
        Execute(connection, transaction, $"SAVEPOINT {savepoint}");
        var landed = Insert(connection, transaction, write);
        var taken = write.Where((_, i) => !landed[i]).FirstOrDefault();
        if (taken is not null) Execute(connection, transaction, $"ROLLBACK TO SAVEPOINT {savepoint}");
        Execute(connection, transaction, $"RELEASE SAVEPOINT {savepoint}");
        return taken is null ? null : Taken(taken);
    }

    /// <summary>Inserts the rows, each followed by its mark on the list of pending streams if it has one.</summary>
    /// <returns>Per row: true when it landed, false when its sequence number was taken.</returns>
    private bool[] Insert(DbConnection connection, DbTransaction transaction, IReadOnlyList<Row> rows)
    {
        var statements = new List<Statement>(rows.Count);
        var inserts = new int[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            inserts[i] = statements.Count;
            statements.Add(InsertStatement(rows[i]));
            if (rows[i].Mark != Mark.None) statements.Add(MarkStatement(rows[i]));
        }
        var changed = ExecuteInOrder(connection, transaction, statements);
        return [.. inserts.Select(index => changed[index] == 1)];
    }

    private sealed record Statement(string Sql, string[] Names, object[] Values);

    private static readonly string[] InsertParameters = ["@pid", "@seq", "@serializer", "@manifest", "@payload", "@writer"];
    private static readonly string[] MarkParameters = ["@pid", "@seq", "@writer"];

    private Statement InsertStatement(Row row) =>
        new(_schema.Insert, InsertParameters, [row.PersistenceId, row.SequenceNr, row.SerializerId, row.Manifest, row.Payload, row.WriterUuid]);

    private Statement MarkStatement(Row row) =>
        new(row.Mark == Mark.Pending ? _schema.MarkPending : _schema.MarkSettled, MarkParameters, [row.PersistenceId, row.SequenceNr, row.WriterUuid]);

    /// <summary>
    /// Runs the statements in order: in one round trip where the driver batches (PostgreSQL), otherwise (SQLite,
    /// in process) one after another, each SQL text prepared once.
    /// </summary>
    /// <returns>How many rows each statement changed.</returns>
    private static int[] ExecuteInOrder(DbConnection connection, DbTransaction transaction, IReadOnlyList<Statement> statements)
    {
        if (statements.Count == 0) return [];
        if (connection.CanCreateBatch)
        {
            using var batch = connection.CreateBatch();
            batch.Transaction = transaction;
            foreach (var statement in statements)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = statement.Sql;
                for (var i = 0; i < statement.Names.Length; i++)
                {
                    var parameter = command.CreateParameter();
                    (parameter.ParameterName, parameter.Value) = (statement.Names[i], statement.Values[i]);
                    command.Parameters.Add(parameter);
                }
                batch.BatchCommands.Add(command);
            }
            batch.ExecuteNonQuery();
            return [.. batch.BatchCommands.Select(command => command.RecordsAffected)];
        }
        var prepared = new Dictionary<string, DbCommand>();
        try
        {
            return [.. statements.Select(statement =>
            {
                if (!prepared.TryGetValue(statement.Sql, out var command))
                {
                    command = connection.CreateCommand();
                    command.Transaction = transaction;
                    command.CommandText = statement.Sql;
                    foreach (var name in statement.Names) AddParameter(command, name, null);
                    prepared.Add(statement.Sql, command);
                }
                for (var i = 0; i < statement.Values.Length; i++) command.Parameters[i].Value = statement.Values[i];
                return command.ExecuteNonQuery();
            })];
        }
        finally
        {
            foreach (var command in prepared.Values) command.Dispose();
        }
    }

    private static InvalidOperationException Taken(Row row) =>
        new($"sequence number {row.SequenceNr} of {row.PersistenceId} is already written (a second writer of this persistence id?)");

    public override async Task ReplayMessagesAsync(IActorContext context, string persistenceId, long fromSequenceNr, long toSequenceNr, long max, Action<IPersistentRepresentation> recoveryCallback)
    {
        await using var connection = await _database.OpenReaderAsync();
        await using var select = Command(connection, _schema.Replay, ("@pid", persistenceId), ("@from", fromSequenceNr), ("@to", toSequenceNr), ("@max", max));
        await using var reader = await select.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var payload = _serialization.Deserialize((byte[])reader["payload"], reader.GetInt32(1), reader.GetString(2));
            recoveryCallback(new Persistent(payload, reader.GetInt64(0), persistenceId, reader.GetString(2), false, ActorRefs.NoSender, reader.GetString(4)));
        }
    }

    public override async Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenReaderAsync();
        await using var select = Command(connection, _schema.Highest, ("@pid", persistenceId));
        return await select.ExecuteScalarAsync(cancellationToken) is long highest ? highest : 0;
    }

    protected override async Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenReaderAsync();
        await using var delete = Command(connection, _schema.Delete, ("@pid", persistenceId), ("@to", toSequenceNr));
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    protected override void PostStop()
    {
        _queue.Writer.TryComplete();
        _writer.Join(TimeSpan.FromSeconds(10));
        base.PostStop();
    }

    private static DbCommand Command(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) AddParameter(command, name, value);
        return command;
    }

    private static void AddParameter(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        (parameter.ParameterName, parameter.Value) = (name, value);
        command.Parameters.Add(parameter);
    }

    private static void Execute(DbConnection connection, DbTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
