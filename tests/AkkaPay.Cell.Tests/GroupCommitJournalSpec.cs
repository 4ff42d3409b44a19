using System.Collections.Immutable;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.TestKit.Xunit2;
using Akka.Persistence.Journal;
using AkkaPay.Cell.Persistence;
using AkkaPay.Cell.Persistence.GroupCommit;
using AkkaPay.Domain.Routing;
using AkkaPay.Testing;

namespace AkkaPay.Cell.Tests;

/// <summary>
/// The group-commit journal's own spec (Akka.Persistence.TCK is not available here), spoken in Akka's journal
/// protocol: write order, atomic multi-event writes, replay ranges and max, highest sequence number, deletes,
/// a second writer of a taken sequence number rejected, every acknowledged write surviving a stop mid-group, and
/// a cell's writes fenced by its epoch. Run on SQLite and on PostgreSQL.
/// </summary>
public abstract class GroupCommitJournalSpec(JournalOptions journal) : TestKit(Config(journal))
{
    private const string PluginId = "akka.persistence.journal.group";

    /// <summary>The same table, as cell c9's journal: written with the epoch the system holds for c9.</summary>
    private const string FencedPluginId = "akka.persistence.journal.fenced";

    /// <summary>The same table, with Akka's call timeout at a second: writes left waiting in the database are given up soon.</summary>
    private const string ImpatientPluginId = "akka.persistence.journal.impatient";

    private static Config Config(JournalOptions journal) =>
        ConfigurationFactory.ParseString(GroupJournalPlugin.Hocon(PluginId, journal, cell: null) + GroupJournalPlugin.Hocon(FencedPluginId, journal, cell: "c9")
            + GroupJournalPlugin.Hocon(ImpatientPluginId, journal, cell: null) + $"{ImpatientPluginId}.circuit-breaker.call-timeout = 1s");

    /// <summary>The journal's database, as a test reaches it beside the journal.</summary>
    private GroupJournalDatabase Database => GroupJournalDatabase.For(journal.Provider, journal.ConnectionString);

    private static IActorRef Journal(ActorSystem system, string pluginId = PluginId) => GroupJournalPlugin.Journal(system, pluginId);

    private static AtomicWrite Write(string persistenceId, params long[] sequenceNrs) => TaggedWrite(persistenceId, null, sequenceNrs);

    private static AtomicWrite TaggedWrite(string persistenceId, string? tag, params long[] sequenceNrs) =>
        TaggedWriteBy("writer-1", persistenceId, tag, sequenceNrs);

    private static AtomicWrite TaggedWriteBy(string writer, string persistenceId, string? tag, params long[] sequenceNrs) =>
        GroupJournalPlugin.Write(writer, persistenceId, tag, sequenceNrs);

    private async Task<string[]> Pending() =>
        [.. (await GroupJournalReader.PendingPersistenceIds(Database, "event_journal")).Order()];

    private void WriteAll(ActorSystem system, params AtomicWrite[] writes) => Journal(system).Tell(new WriteMessages(writes, TestActor, 1));

    private void WriteAllTo(string pluginId, params AtomicWrite[] writes) => Journal(Sys, pluginId).Tell(new WriteMessages(writes, TestActor, 1));

    private List<long> Replay(string persistenceId, long from, long to, long max, out long highest)
    {
        Journal(Sys).Tell(new ReplayMessages(from, to, max, persistenceId, TestActor));
        var replayed = new List<long>();
        while (true)
        {
            switch (ExpectMsg<object>())
            {
                case ReplayedMessage message:
                    Assert.Equal($"{persistenceId}-{message.Persistent.SequenceNr}", message.Persistent.Payload);
                    replayed.Add(message.Persistent.SequenceNr);
                    break;
                case RecoverySuccess success:
                    highest = success.HighestSequenceNr;
                    return replayed;
                case var other:
                    throw new InvalidOperationException($"unexpected {other}");
            }
        }
    }

    [Fact]
    public void Writes_replay_in_order_within_ranges_and_max()
    {
        WriteAll(Sys, Write("a", 1), Write("a", 2), Write("a", 3), Write("a", 4), Write("a", 5));
        ExpectMsg<WriteMessagesSuccessful>();
        Assert.Equal([1, 2, 3, 4, 5], Enumerable.Range(0, 5).Select(_ => ExpectMsg<WriteMessageSuccess>().Persistent.SequenceNr));

        Assert.Equal([1L, 2, 3, 4, 5], Replay("a", 1, long.MaxValue, long.MaxValue, out var highest));
        Assert.Equal(5, highest);
        Assert.Equal([2L, 3, 4], Replay("a", 2, 4, long.MaxValue, out _));
        Assert.Equal([1L, 2], Replay("a", 1, long.MaxValue, 2, out _));
        Assert.Empty(Replay("nobody", 1, long.MaxValue, long.MaxValue, out var none));
        Assert.Equal(0, none);
    }

    [Fact]
    public void An_atomic_write_lands_whole_or_not_at_all_and_a_taken_sequence_number_is_rejected_while_the_rest_of_the_group_lands()
    {
        WriteAll(Sys, Write("b", 1, 2, 3));
        ExpectMsg<WriteMessagesSuccessful>();
        ReceiveN(3);

        // a second writer of b's sequence number 3 (with 4) in the same group as a good write of c
        WriteAll(Sys, Write("b", 3, 4), Write("c", 1));
        ExpectMsg<WriteMessagesSuccessful>();
        var answers = ReceiveN(3);
        Assert.Equal(2, answers.OfType<WriteMessageRejected>().Count());
        Assert.Equal("c", Assert.Single(answers.OfType<WriteMessageSuccess>()).Persistent.PersistenceId);

        Assert.Equal([1L, 2, 3], Replay("b", 1, long.MaxValue, long.MaxValue, out var highest));
        Assert.Equal(3, highest);
        Assert.Equal([1L], Replay("c", 1, long.MaxValue, long.MaxValue, out _));
    }

    [Fact]
    public void In_a_group_of_one_event_writes_a_taken_sequence_number_is_rejected_alone()
    {
        WriteAll(Sys, Write("e", 1));
        ExpectMsg<WriteMessagesSuccessful>();
        ReceiveN(1);

        WriteAll(Sys, Write("f", 1), TaggedWriteBy("writer-2", "e", null, 1), Write("e", 2), Write("g", 1));
        ExpectMsg<WriteMessagesSuccessful>();
        var answers = ReceiveN(4);
        Assert.Equal(1, Assert.Single(answers.OfType<WriteMessageRejected>()).Persistent.SequenceNr);
        Assert.Equal(["f", "e", "g"], answers.OfType<WriteMessageSuccess>().Select(success => success.Persistent.PersistenceId));

        Assert.Equal([1L, 2], Replay("e", 1, long.MaxValue, long.MaxValue, out _));
        Assert.Equal([1L], Replay("f", 1, long.MaxValue, long.MaxValue, out _));
        Assert.Equal([1L], Replay("g", 1, long.MaxValue, long.MaxValue, out _));
    }

    /// <summary>
    /// A stale incarnation persisting asynchronously has several writes queued: once one finds its sequence number
    /// taken by the newer incarnation, none of its later ones may land between or after the newer one's events.
    /// </summary>
    [Fact]
    public void After_a_writer_found_a_sequence_number_taken_none_of_its_later_writes_lands_in_that_group_or_later()
    {
        WriteAll(Sys, TaggedWriteBy("new", "h", null, 1));
        ExpectMsg<WriteMessagesSuccessful>();
        ExpectMsg<WriteMessageSuccess>();

        WriteAll(Sys, TaggedWriteBy("old", "h", null, 1), TaggedWriteBy("old", "h", null, 2), Write("i", 1), TaggedWriteBy("old", "h", null, 3));
        ExpectMsg<WriteMessagesSuccessful>();
        var answers = ReceiveN(4);
        Assert.Equal([1L, 2, 3], answers.OfType<WriteMessageRejected>().Select(rejected => rejected.Persistent.SequenceNr));
        Assert.IsType<SequenceNumberTakenException>(answers.OfType<WriteMessageRejected>().First().Cause);
        Assert.All(answers.OfType<WriteMessageRejected>().Skip(1), rejected => Assert.IsType<BehindRefusedWriteException>(rejected.Cause));
        Assert.Equal("i", Assert.Single(answers.OfType<WriteMessageSuccess>()).Persistent.PersistenceId);

        WriteAll(Sys, TaggedWriteBy("old", "h", null, 4));   // a later group
        ExpectMsg<WriteMessagesSuccessful>();
        Assert.IsType<BehindRefusedWriteException>(ExpectMsg<WriteMessageRejected>().Cause);
        Assert.Equal([1L], Replay("h", 1, long.MaxValue, long.MaxValue, out var highest));
        Assert.Equal(1, highest);

        WriteAll(Sys, TaggedWriteBy("new", "h", null, 2));   // the newer writer goes on
        ExpectMsg<WriteMessagesSuccessful>();
        ExpectMsg<WriteMessageSuccess>();
    }

    [Fact]
    public void After_a_writers_atomic_write_found_a_sequence_number_taken_its_later_one_event_writes_do_not_land()
    {
        WriteAll(Sys, TaggedWriteBy("new", "j", null, 1, 2));
        ExpectMsg<WriteMessagesSuccessful>();
        ReceiveN(2);

        WriteAll(Sys, TaggedWriteBy("old", "j", null, 2, 3), TaggedWriteBy("old", "j", null, 4), Write("l", 1));
        ExpectMsg<WriteMessagesSuccessful>();
        var answers = ReceiveN(4);
        Assert.Equal([2L, 3, 4], answers.OfType<WriteMessageRejected>().Select(rejected => rejected.Persistent.SequenceNr));
        Assert.IsType<BehindRefusedWriteException>(answers.OfType<WriteMessageRejected>().Last().Cause);
        Assert.Equal([1L, 2], Replay("j", 1, long.MaxValue, long.MaxValue, out _));
        Assert.Equal([1L], Replay("l", 1, long.MaxValue, long.MaxValue, out _));
    }

    /// <summary>
    /// Akka answers a write that outlived its call timeout as failed, and its writer stops. What was still queued then
    /// must not land afterwards (the next incarnation may be writing), nor any later write of the same writer.
    /// </summary>
    [Fact]
    public void A_write_given_up_by_the_call_timeout_while_queued_never_lands_nor_does_its_writers_next_one()
    {
        using (HoldJournalTables())   // the writer's group waits in the database
        {
            WriteAllTo(ImpatientPluginId, Write("m", 1));   // taken at once into a group: in the database when given up
            Assert.IsType<TimeoutException>(ExpectMsg<WriteMessagesFailed>(TimeSpan.FromSeconds(10)).Cause);
            ExpectMsg<WriteMessageFailure>();
            WriteAllTo(ImpatientPluginId, Write("m", 2));   // queued behind that group
            Assert.IsType<TimeoutException>(ExpectMsg<WriteMessagesFailed>(TimeSpan.FromSeconds(10)).Cause);
            ExpectMsg<WriteMessageFailure>();
        }

        WriteAllTo(ImpatientPluginId, Write("m", 3));
        ExpectMsg<WriteMessagesSuccessful>(TimeSpan.FromSeconds(10));
        Assert.IsType<BehindRefusedWriteException>(ExpectMsg<WriteMessageRejected>().Cause);
        // the write that was in the database when given up may have landed (its writer's next incarnation replays it)
        Assert.True(Replay("m", 1, long.MaxValue, long.MaxValue, out _) is [] or [1], "a given-up write landed after all");
    }

    /// <summary>
    /// Another node commits a sequence number of a stream while this node's group, holding that number and the next
    /// of a stale writer, waits on it. On PostgreSQL the group statement is already past its probe for taken numbers
    /// and fails whole on the unique key; on SQLite the group waits for the write lock and then finds the number taken.
    /// Either way nothing of the stale writer lands behind the other node's row, then or in a later group.
    /// </summary>
    [Fact]
    public async Task A_number_another_node_commits_while_the_group_waits_on_it_lets_nothing_of_the_writer_land_behind_it()
    {
        WriteAll(Sys, Write("tables", 1));   // creates them
        ExpectMsg<WriteMessagesSuccessful>();
        ExpectMsg<WriteMessageSuccess>();
        using var otherNode = Database.OpenWriter();
        using var uncommitted = otherNode.BeginTransaction();
        using (var insert = otherNode.CreateCommand())
        {
            insert.Transaction = uncommitted;
            insert.CommandText = "INSERT INTO event_journal (persistence_id, sequence_nr, serializer_id, manifest, payload, writer_uuid) VALUES ('r', 1, 1, '', @payload, 'other')";
            GroupJournalDatabase.AddParameter(insert, "@payload", new byte[] { 1 });
            insert.ExecuteNonQuery();
        }

        WriteAll(Sys, TaggedWriteBy("old", "r", null, 1), TaggedWriteBy("old", "r", null, 2));
        if (journal.Provider == JournalProvider.Postgres)
            await Probe.Until(async () => await WaitingOnALock() > 0, TimeSpan.FromSeconds(10), "the group never waited on the other node's row");
        uncommitted.Commit();

        var group = ExpectMsg<object>(TimeSpan.FromSeconds(10));
        Assert.True(group is WriteMessagesSuccessful or WriteMessagesFailed, $"unexpected {group}");
        Assert.Empty(ReceiveN(2).OfType<WriteMessageSuccess>());
        // a later write the stale writer had queued lands no more than those did
        WriteAll(Sys, TaggedWriteBy("old", "r", null, 3));
        ExpectMsg<WriteMessagesSuccessful>();
        Assert.IsType<BehindRefusedWriteException>(ExpectMsg<WriteMessageRejected>().Cause);
        Assert.Equal([(1L, "other")], await RowsOf("r"));
    }

    /// <summary>PostgreSQL: how many of the journal database's sessions wait on a lock.</summary>
    private async Task<long> WaitingOnALock()
    {
        await using var connection = await Database.OpenReaderAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()";
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private async Task<List<(long SequenceNr, string Writer)>> RowsOf(string persistenceId)
    {
        await using var connection = await Database.OpenReaderAsync();
        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT sequence_nr, writer_uuid FROM event_journal WHERE persistence_id = @pid ORDER BY sequence_nr";
        GroupJournalDatabase.AddParameter(select, "@pid", persistenceId);
        var rows = new List<(long, string)>();
        await using var reader = await select.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add((reader.GetInt64(0), reader.GetString(1)));
        return rows;
    }

    /// <summary>Holds the journal's write lock (SQLite) or its epoch row (PostgreSQL) until disposed: every group waits.</summary>
    private IDisposable HoldJournalTables()
    {
        WriteAllTo(ImpatientPluginId, Write("tables", 1));   // its journal creates the tables as it starts: not while they are held
        ExpectMsg<WriteMessagesSuccessful>();
        ExpectMsg<WriteMessageSuccess>();
        var connection = Database.OpenWriter();
        var transaction = connection.BeginTransaction();
        using var hold = connection.CreateCommand();
        hold.Transaction = transaction;
        hold.CommandText = "UPDATE event_journal_epoch SET epoch = epoch";
        hold.ExecuteNonQuery();
        return new Held(connection, transaction);
    }

    private sealed class Held(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction) : IDisposable
    {
        public void Dispose()
        {
            transaction.Rollback();
            connection.Dispose();
        }
    }

    [Fact]
    public void Deleted_events_are_not_replayed_and_the_highest_sequence_number_survives_them()
    {
        WriteAll(Sys, Write("d", 1, 2, 3, 4, 5));
        ExpectMsg<WriteMessagesSuccessful>();
        ReceiveN(5);

        Journal(Sys).Tell(new DeleteMessagesTo("d", 3, TestActor));
        Assert.Equal(3, ExpectMsg<DeleteMessagesSuccess>().ToSequenceNr);
        Assert.Equal([4L, 5], Replay("d", 1, long.MaxValue, long.MaxValue, out var highest));
        Assert.Equal(5, highest);

        Journal(Sys).Tell(new DeleteMessagesTo("d", 5, TestActor));
        ExpectMsg<DeleteMessagesSuccess>();
        Assert.Empty(Replay("d", 1, long.MaxValue, long.MaxValue, out var afterAll));
        Assert.Equal(5, afterAll);
    }

    [Fact]
    public async Task A_stream_is_pending_from_an_event_tagged_pending_until_one_tagged_settled_lands_and_a_rejected_write_changes_nothing()
    {
        WriteAll(Sys, TaggedWrite("p1", PendingStreams.PendingTag, 1), TaggedWrite("p2", PendingStreams.PendingTag, 1), Write("p3", 1));
        ExpectMsg<WriteMessagesSuccessful>();
        ReceiveN(3);
        Assert.Equal(["p1", "p2"], await Pending());

        WriteAll(Sys, Write("p1", 2), TaggedWrite("p1", PendingStreams.SettledTag, 3, 4));
        ExpectMsg<WriteMessagesSuccessful>();
        ReceiveN(3);
        Assert.Equal(["p2"], await Pending());

        // second writers: a settled event on p2's taken sequence number, pending ones on p1's (alone) and p3's (in an atomic write)
        WriteAll(Sys, TaggedWriteBy("writer-2", "p2", PendingStreams.SettledTag, 1), TaggedWriteBy("writer-2", "p1", PendingStreams.PendingTag, 4),
            TaggedWriteBy("writer-2", "p3", PendingStreams.PendingTag, 1, 2));
        ExpectMsg<WriteMessagesSuccessful>();
        Assert.Equal(4, ReceiveN(4).OfType<WriteMessageRejected>().Count());
        Assert.Equal(["p2"], await Pending());
    }

    [Fact]
    public async Task Within_one_group_a_streams_last_landed_mark_decides_whether_it_is_pending()
    {
        WriteAll(Sys, TaggedWrite("q1", PendingStreams.PendingTag, 1), TaggedWrite("q1", PendingStreams.SettledTag, 2),
            TaggedWrite("q2", PendingStreams.SettledTag, 1), TaggedWrite("q2", PendingStreams.PendingTag, 2),
            TaggedWrite("q3", PendingStreams.PendingTag, 1), TaggedWriteBy("writer-2", "q3", PendingStreams.SettledTag, 1));
        ExpectMsg<WriteMessagesSuccessful>();
        Assert.Single(ReceiveN(6).OfType<WriteMessageRejected>());

        Assert.Equal(["q2", "q3"], await Pending());
    }

    [Fact]
    public void Many_recoveries_at_once_each_get_their_own_highest_sequence_number()
    {
        var written = Enumerable.Range(0, 50).Select(i => Write($"h{i}", [.. Enumerable.Range(1, i % 5 + 1).Select(seq => (long)seq)])).ToArray();
        WriteAll(Sys, written);
        ExpectMsg<WriteMessagesSuccessful>();
        ReceiveN(written.Sum(write => write.Size));

        var recoveries = Enumerable.Range(0, 100).Select(i => (PersistenceId: $"h{i}", Probe: CreateTestProbe())).ToList();
        foreach (var (persistenceId, probe) in recoveries)
            Journal(Sys).Tell(new ReplayMessages(1, long.MaxValue, long.MaxValue, persistenceId, probe.Ref));

        foreach (var (persistenceId, probe) in recoveries)
        {
            var index = int.Parse(persistenceId[1..]);
            var expected = index < 50 ? index % 5 + 1 : 0;
            Assert.Equal(expected, probe.FishForMessage<RecoverySuccess>(_ => true).HighestSequenceNr);
        }
    }

    [Fact]
    public async Task Every_acknowledged_write_survives_the_system_stopping_in_the_middle_of_a_group()
    {
        var writing = ActorSystem.Create("writing", Config(journal));
        var probe = new Akka.TestKit.TestProbe(writing, new XunitAssertions());
        var writer = Journal(writing);
        for (var i = 0; i < 500; i++) writer.Tell(new WriteMessages([Write($"e{i}", 1)], probe.Ref, 1));
        var acknowledged = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            var message = probe.ExpectMsg<object>(TimeSpan.FromSeconds(10));
            if (message is WriteMessageSuccess success) acknowledged.Add(success.Persistent.PersistenceId);
        }
        await writing.Terminate();   // the rest of the writes are cut off wherever they are

        Assert.NotEmpty(acknowledged);
        foreach (var persistenceId in acknowledged) Assert.Equal([1L], Replay(persistenceId, 1, long.MaxValue, long.MaxValue, out _));
    }

    private static readonly RoutingTable C9InSiteA = RoutingTable.SingleCell("c9", "site-a");

    [Fact]
    public async Task A_cell_write_below_the_stored_epoch_is_refused_whole_and_a_node_holding_a_newer_epoch_raises_it_at_once()
    {
        CellFence.Get(Sys).Adopt(C9InSiteA, new HashSet<string> { "site-a" });   // this system is site-a, at epoch 1
        Journal(Sys, FencedPluginId).Tell(new WriteMessages([Write("h", 1)], TestActor, 1));
        ExpectMsg<WriteMessagesSuccessful>();
        ExpectMsg<WriteMessageSuccess>();

        var siteB = ActorSystem.Create("site-b", Config(journal));
        try
        {
            // c9 fails over to site-b (epoch 2): site-b's first write raises the stored epoch
            var failedOver = C9InSiteA.WithSite("c9", "site-b");
            CellFence.Get(siteB).Adopt(failedOver, new HashSet<string> { "site-b" });
            Journal(siteB, FencedPluginId).Tell(new WriteMessages([Write("i", 1)], TestActor, 1));
            ExpectMsg<WriteMessagesSuccessful>();
            ExpectMsg<WriteMessageSuccess>();
            Assert.Equal(2, StoredEpoch());

            // site-a, woken late and still with the old table, writes: the database refuses, nothing of the group lands
            Journal(Sys, FencedPluginId).Tell(new WriteMessages([Write("h", 2), Write("j", 1)], TestActor, 1));
            Assert.IsType<CellFencedException>(ExpectMsg<WriteMessagesFailed>().Cause);
            Assert.All(ReceiveN(2), answer => Assert.IsType<CellFencedException>(Assert.IsType<WriteMessageFailure>(answer).Cause));
            Assert.Equal([1L], Replay("h", 1, long.MaxValue, long.MaxValue, out _));
            Assert.Empty(Replay("j", 1, long.MaxValue, long.MaxValue, out _));

            // failing back to site-a (epoch 3) raises the stored epoch without waiting for a write: site-b is fenced at once
            var failedBack = failedOver.WithSite("c9", "site-a");
            CellFence.Get(Sys).Adopt(failedBack, new HashSet<string> { "site-a" });
            AwaitCondition(() => StoredEpoch() == 3, TimeSpan.FromSeconds(10));
            Journal(siteB, FencedPluginId).Tell(new WriteMessages([Write("i", 2)], TestActor, 1));
            ExpectMsg<WriteMessagesFailed>();
            ExpectMsg<WriteMessageFailure>();
            Assert.Equal([1L], Replay("i", 1, long.MaxValue, long.MaxValue, out _));

            // once site-b has seen the table that moved c9 away, it refuses by itself, even where its own copy of the
            // journal never learnt the new epoch (a PostgreSQL primary cut off from the promoted standby)
            CellFence.Get(siteB).Adopt(failedBack, new HashSet<string> { "site-b" });
            SetStoredEpoch(2);
            Journal(siteB, FencedPluginId).Tell(new WriteMessages([Write("i", 2)], TestActor, 1));
            Assert.IsType<CellFencedException>(ExpectMsg<WriteMessagesFailed>().Cause);
            ExpectMsg<WriteMessageFailure>();
            Assert.Equal([1L], Replay("i", 1, long.MaxValue, long.MaxValue, out _));
        }
        finally
        {
            await siteB.Terminate();
        }
    }

    [Fact]
    public void The_routing_tables_journal_and_any_journal_of_no_cell_is_not_fenced()
    {
        WriteAll(Sys, Write("k", 1));   // creates the tables
        ExpectMsg<WriteMessagesSuccessful>();
        ExpectMsg<WriteMessageSuccess>();
        SetStoredEpoch(7);
        WriteAll(Sys, Write("k", 2));
        ExpectMsg<WriteMessagesSuccessful>();
        ExpectMsg<WriteMessageSuccess>();
    }

    private void SetStoredEpoch(long epoch)
    {
        using var connection = Database.OpenWriter();
        using var set = connection.CreateCommand();
        set.CommandText = $"UPDATE event_journal_epoch SET epoch = {epoch}";
        set.ExecuteNonQuery();
    }

    private long StoredEpoch() => AkkaPay.Testing.StoredEpoch.Of(journal);
}

[Collection(JournalsCollection.Name)]
public sealed class GroupCommitJournalOnSqlite(JournalBackend journals) : GroupCommitJournalSpec(
    journals.NewJournalAsync(JournalBackend.Sqlite).GetAwaiter().GetResult());

[Collection(JournalsCollection.Name)]
public sealed class GroupCommitJournalOnPostgres(JournalBackend journals) : GroupCommitJournalSpec(
    journals.NewJournalAsync(JournalBackend.Postgres).GetAwaiter().GetResult());
