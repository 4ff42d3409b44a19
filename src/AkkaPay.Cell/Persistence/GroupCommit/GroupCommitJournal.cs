using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Data.Common;
using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Journal;
using AkkaPay.Domain.Routing;

namespace AkkaPay.Cell.Persistence.GroupCommit;

/// <summary>
/// A journal that commits many persistent actors' writes in one transaction (group commit), on SQLite or
/// PostgreSQL: writes wait in a queue, one writer takes everything queued, inserts it, commits once, and only
/// then answers every writer. One sync serves the whole group. A write whose sequence number is taken (a second
/// writer of the same persistence id) is rejected, and so is every later write of that writer to that persistence
/// id, in the group and after it; the rest of the group lands. A write that Akka gave up on while it was queued
/// (its call timeout answered the writer with a failure) is dropped, with its writer's later ones. A cell's journal
/// (configured with its <c>cell</c>) writes with the epoch this node holds for the cell (<see cref="CellFence"/>):
/// it raises the epoch stored in the database when it holds a newer one, and a group written while the stored one is
/// newer fails whole, so a node of a site that lost the cell makes nothing durable and acknowledges nothing.
/// </summary>
public sealed class GroupCommitJournal : AsyncWriteJournal
{
    private const int GroupMax = 2_000;

    // While groups follow each other closer than 2 ms (more than 500 commits a second), the writer waits a millisecond
    // before it takes the next group: under load most groups held one or two events, each paying a commit of its own
    // (ADR 5). A quiet cell commits at once.
    private static readonly TimeSpan BusyInterval = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan GatherPause = TimeSpan.FromMilliseconds(1);

    private readonly GroupJournalDatabase _database;
    private readonly string _table;
    private readonly GroupJournalSchema _schema;
    private readonly Akka.Serialization.Serialization _serialization;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly BatchWorker<WriteRequest> _writer;
    private readonly IHighestSequenceNrReader _highest;
    private readonly string? _cell;
    private readonly CellFence _fence;
    /// <summary>The highest epoch this journal stored; read and written by the writer's thread only.</summary>
    private CellEpoch _raised = CellFence.None;
    /// <summary>
    /// Cancelled when this node sees the cell taken over while the group is written (<see cref="JournalFence.Superseded"/>).
    /// One per group, never disposed: it holds no timer, and a late cancel must find it usable.
    /// </summary>
    private CancellationTokenSource _group = new();
    /// <summary>
    /// The streams (persistence id, writer) with a write refused, given up or failed: a writer persisting
    /// asynchronously has several writes queued, and its later ones must not land behind a newer writer's or after a
    /// gap. Written by the writer's thread, and by a request failed while the journal stops; a pair per refusal (each
    /// actor incarnation is a writer of its own), never pruned: a few after a stale writer, thousands after an outage.
    /// </summary>
    private readonly ConcurrentDictionary<(string PersistenceId, string Writer), bool> _refusedStreams = new();

    public GroupCommitJournal(Config config)
    {
        _database = GroupJournalDatabase.For(Enum.Parse<JournalProvider>(config.GetString("provider"), ignoreCase: true), config.GetString("connection-string"));
        _table = config.GetString("table-name", "event_journal");
        _schema = new GroupJournalSchema(_table);
        _serialization = Context.System.Serialization;
        _database.CreateTables(_table);
        // answers run on the writer's thread: Akka only tells the writing actors there, which is cheaper than a hop
        _writer = new BatchWorker<WriteRequest>($"journal writer {_table}", _database.OpenWriter, GroupMax, request => request.AtomicWrites.Sum(write => write.Count),
            (connection, group) =>
            {
                var results = WriteGroup(connection, group);   // nothing of a failed group is acknowledged
                for (var i = 0; i < group.Count; i++) group[i].Done.SetResult(results[i]);
            },
            (request, why) =>
            {
                // a failed write stops its writer (Akka's persist failure): what it queued after it must not land either
                RefuseStreamsOf(request);
                request.Done.TrySetException(why);
            },
            _log, BusyPause.Sleeping(BusyInterval, GatherPause));
        _highest = _database.HighestSequenceNrReader(_schema, _log);
        _cell = config.HasPath("cell") ? config.GetString("cell") : null;
        _fence = CellFence.Get(Context.System);
        if (_cell is not null)
        {
            // a node that has just become the cell's active site fences the old one off at once, not at its first write
            _fence.OnRaised(_cell, "journal", () => _writer.Add(new WriteRequest([], new TaskCompletionSource<IImmutableList<Exception?>>())));
            _fence.OnSuperseded(_cell, () => Volatile.Read(ref _group).Cancel());
        }
    }

    /// <param name="GivenUp">Cancelled by Akka's call timeout, which has answered the writers with a failure.</param>
    private sealed record WriteRequest(IReadOnlyList<IReadOnlyList<JournalRow>> AtomicWrites, TaskCompletionSource<IImmutableList<Exception?>> Done, CancellationToken GivenUp = default);

    protected override Task<IImmutableList<Exception?>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var request = new WriteRequest([.. messages.Select(write => (IReadOnlyList<JournalRow>)[.. ((IImmutableList<IPersistentRepresentation>)write.Payload).Select(ToRow)])],
            new TaskCompletionSource<IImmutableList<Exception?>>(), cancellationToken);
        _writer.Add(request);
        return request.Done.Task;
    }

    private JournalRow ToRow(IPersistentRepresentation message)
    {
        var (payload, mark) = message.Payload is Tagged tagged ? (tagged.Payload, MarkOf(tagged.Tags)) : (message.Payload, PendingMark.None);
        var serializer = _serialization.FindSerializerFor(payload);
        return new JournalRow(message.PersistenceId, message.SequenceNr, serializer.Identifier,
            Akka.Serialization.Serialization.ManifestFor(serializer, payload), serializer.ToBinary(payload), message.WriterGuid, mark);
    }

    private static PendingMark MarkOf(IImmutableSet<string> tags) =>
        tags.Contains(PendingStreams.SettledTag) ? PendingMark.Settled : tags.Contains(PendingStreams.PendingTag) ? PendingMark.Pending : PendingMark.None;

    /// <returns>Per request, per atomic write: null when written, the reason when rejected.</returns>
    /// <exception cref="CellFencedException">Another site took the cell over (its database or this node's table says so): nothing of the group was written.</exception>
    private IImmutableList<Exception?>[] WriteGroup(DbConnection connection, List<WriteRequest> group)
    {
        var fence = Fence(connection);
        var outcomes = group.Select(request => new Exception?[request.AtomicWrites.Count]).ToArray();
        // what waited here past the call timeout was answered as failed: it must not land after all (the writer's next
        // incarnation may be writing by now), nor anything its writer queued behind it
        var givenUp = 0;
        foreach (var request in group)
            if (request.GivenUp.IsCancellationRequested)
            {
                RefuseStreamsOf(request);
                givenUp += request.AtomicWrites.Count;
            }
        if (givenUp > 0) _log.Warning("{0}: {1} write(s) waited here past Akka's call timeout, which answered them as failed: not written", _table, givenUp);
        try
        {
            if (group.TrueForAll(request => request.AtomicWrites.All(write => write.Count == 1)))
                WriteSingles(connection, group, outcomes, fence);
            else
                WriteInTransaction(connection, group, outcomes, fence);
        }
        catch (Exception e) when (e is DbException or OperationCanceledException && fence.Superseded.IsCancellationRequested)
        {
            throw TakenOver(fence);   // the statement or the commit cancelled by the take-over
        }
        // taken over meanwhile: the database may have answered a cancelled commit as done (PostgreSQL does, when the
        // wait for its synchronous standby is cancelled), so none of it counts as written
        if (fence.Superseded.IsCancellationRequested) throw TakenOver(fence);
        return [.. outcomes.Select(outcome => (IImmutableList<Exception?>)ImmutableList.Create(outcome))];
    }

    /// <summary>
    /// What this group is written with; first raises the stored epoch if this node holds a newer one. Refuses the
    /// group without asking the database when this node has seen the cell move to another site.
    /// </summary>
    private JournalFence Fence(DbConnection connection)
    {
        if (_cell is null) return JournalFence.Unfenced;
        var group = new CancellationTokenSource();
        Volatile.Write(ref _group, group);   // published before the check: a take-over seen after it cancels this group
        var held = _fence.HeldFor(_cell);
        if (_fence.Superseding(_cell) is { } newer) throw new CellFencedException(_cell, held, newer);
        if (held.Value > _raised.Value)
        {
            if (_database.RaiseEpoch(connection, _schema, held, _log)) _log.Info("cell {0}: journal epoch raised to {1}: older epochs' writes are refused from now on", _cell, held);
            _raised = held;
        }
        return new JournalFence(_cell, held, group.Token);
    }

    private CellFencedException TakenOver(JournalFence fence) => new(fence.Cell, fence.Held, _fence.Superseding(fence.Cell) ?? fence.Held.Next());

    /// <summary>The usual group, one-event writes only: inserted and committed in one go.</summary>
    private void WriteSingles(DbConnection connection, List<WriteRequest> group, Exception?[][] outcomes, JournalFence fence)
    {
        var singles = new List<(JournalRow Row, int Request, int Write)>();
        for (var r = 0; r < group.Count; r++)
            for (var w = 0; w < group[r].AtomicWrites.Count; w++)
                singles.Add((group[r].AtomicWrites[w][0], r, w));
        InsertSingles(singles, outcomes, rows => _database.InsertCommitted(connection, _schema, rows, fence));
    }

    /// <summary>A group with multi-event writes: each of those in a savepoint, the one-event writes between them together.</summary>
    private void WriteInTransaction(DbConnection connection, List<WriteRequest> group, Exception?[][] outcomes, JournalFence fence)
    {
        using var transaction = connection.BeginTransaction();
        var singles = new List<(JournalRow Row, int Request, int Write)>();
        bool[] Insert(IReadOnlyList<JournalRow> rows) => _database.Insert(connection, transaction, _schema, rows, fence);
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
                InsertSingles(singles, outcomes, Insert);   // keeps the group's order
                outcomes[r][w] = InsertAtomically(connection, transaction, write, $"w{savepoint++}", fence);
            }
        InsertSingles(singles, outcomes, Insert);
        _database.Commit(transaction, fence);
    }

    /// <summary>
    /// One-event writes, inserted together, but for those behind a refused write of their stream and a second
    /// writer's of a number earlier in the group. A row that did not land found its sequence number taken, or (the
    /// database skips them) follows one of its stream's that did.
    /// </summary>
    private void InsertSingles(List<(JournalRow Row, int Request, int Write)> singles, Exception?[][] outcomes, Func<IReadOnlyList<JournalRow>, bool[]> insert)
    {
        var admitted = new List<(JournalRow Row, int Request, int Write)>(singles.Count);
        var numbers = new HashSet<(string, long)>(singles.Count);
        foreach (var single in singles)
            if (_refusedStreams.ContainsKey(StreamOf(single.Row))) outcomes[single.Request][single.Write] = Behind(single.Row);
            else if (!numbers.Add((single.Row.PersistenceId, single.Row.SequenceNr))) outcomes[single.Request][single.Write] = Refuse(single.Row);   // a second writer of the number, in this group
            else admitted.Add(single);
        singles.Clear();
        if (admitted.Count == 0) return;
        var landed = insert([.. admitted.Select(single => single.Row)]);
        for (var i = 0; i < admitted.Count; i++)
            if (!landed[i]) outcomes[admitted[i].Request][admitted[i].Write] = Refuse(admitted[i].Row);
    }

    /// <summary>Several events of one write: all or none, inside a savepoint.</summary>
    private Exception? InsertAtomically(DbConnection connection, DbTransaction transaction, IReadOnlyList<JournalRow> write, string savepoint, JournalFence fence)
    {
        if (_refusedStreams.ContainsKey(StreamOf(write[0]))) return Behind(write[0]);
        Execute(connection, transaction, $"SAVEPOINT {savepoint}");
        var landed = _database.Insert(connection, transaction, _schema, write, fence);
        var refused = write.Where((_, i) => !landed[i]).FirstOrDefault();
        if (refused is not null) Execute(connection, transaction, $"ROLLBACK TO SAVEPOINT {savepoint}");
        Execute(connection, transaction, $"RELEASE SAVEPOINT {savepoint}");
        return refused is null ? null : Refuse(refused);
    }

    private static (string PersistenceId, string Writer) StreamOf(JournalRow row) => (row.PersistenceId, row.WriterUuid);

    /// <summary>Why a row did not land, noting its stream as refused: the first of the stream's found its sequence number taken, the later ones were behind it.</summary>
    private Exception Refuse(JournalRow row) => _refusedStreams.TryAdd(StreamOf(row), true) ? new SequenceNumberTakenException(row.PersistenceId, row.SequenceNr) : Behind(row);

    private void RefuseStreamsOf(WriteRequest request)
    {
        foreach (var write in request.AtomicWrites) _refusedStreams.TryAdd(StreamOf(write[0]), true);
    }

    private static BehindRefusedWriteException Behind(JournalRow row) => new(row.PersistenceId, row.SequenceNr);

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

    public override Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken) =>
        _highest.Read(persistenceId);

    protected override async Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenReaderAsync();
        await using var delete = Command(connection, _schema.Delete, ("@pid", persistenceId), ("@to", toSequenceNr));
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    protected override void PostStop()
    {
        _writer.Dispose();
        _highest.Dispose();
        base.PostStop();
    }

    private static DbCommand Command(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) GroupJournalDatabase.AddParameter(command, name, value);
        return command;
    }

    private static void Execute(DbConnection connection, DbTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
