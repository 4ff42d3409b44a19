using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.TestKit.Xunit2;
using AkkaPay.Cell.Persistence;
using AkkaPay.Chaos.Servers;
using AkkaPay.Cell.Persistence.GroupCommit;
using AkkaPay.Domain.Routing;
using AkkaPay.Testing;
using Npgsql;

namespace AkkaPay.Cell.Tests;

/// <summary>
/// A cell's journal on a real PostgreSQL pair: a primary in site-a and its synchronous streaming standby in site-b.
/// This test's actor system is site-a's node (journal on the primary); a second one is site-b's (journal on the
/// standby). The failover's epoch promotes the standby; the old primary can then commit nothing, and site-a's write
/// that waits there for its standby is given up, unacknowledged, once site-a sees the table that moved the cell.
/// </summary>
public sealed class SynchronousStandbyTests : TestKit, IAsyncLifetime
{
    private const string PluginId = "akka.persistence.journal.c9";
    private static readonly RoutingTable C9InSiteA = RoutingTable.SingleCell("c9", "site-a");
    private static readonly IReadOnlySet<string> SiteA = new HashSet<string> { "site-a" };
    private static readonly IReadOnlySet<string> SiteB = new HashSet<string> { "site-b" };

    private readonly PostgresServer _primary;
    private readonly PostgresServer _standby;
    private readonly JournalOptions _onPrimary;
    private readonly JournalOptions _onStandby;

    private SynchronousStandbyTests((PostgresServer Primary, PostgresServer Standby, JournalOptions OnPrimary, JournalOptions OnStandby) pair)
        : base(Config(pair.OnPrimary))
    {
        (_primary, _standby, _onPrimary, _onStandby) = pair;
    }

    public SynchronousStandbyTests() : this(StartPair().GetAwaiter().GetResult())
    {
    }

    private static async Task<(PostgresServer, PostgresServer, JournalOptions, JournalOptions)> StartPair()
    {
        var primary = await PostgresServer.StartAsync(FreePort.Next());
        var onPrimary = new JournalOptions(JournalProvider.Postgres, await primary.CreateDatabaseAsync("akkapay_c9"));
        CellPersistenceConfig.CreateJournalTables(onPrimary);   // before the copy: a standby takes no DDL
        var standby = await primary.StartSynchronousStandbyAsync("site-b", FreePort.Next());
        return (primary, standby, onPrimary, new JournalOptions(JournalProvider.Postgres, standby.ConnectionString("akkapay_c9")));
    }

    private static Config Config(JournalOptions journal) => ConfigurationFactory.ParseString(GroupJournalPlugin.Hocon(PluginId, journal, cell: "c9"));

    /// <summary>A one-event write commits as its own statement; a write of several events commits in a transaction of the group's.</summary>
    [Theory]
    [InlineData(new long[] { 2 })]
    [InlineData(new long[] { 2, 3 })]
    public async Task Site_b_taking_the_cell_over_promotes_its_standby_and_site_a_write_left_waiting_there_is_never_acknowledged(long[] waitingWrite)
    {
        CellFence.Get(Sys).Adopt(C9InSiteA, SiteA);
        GroupJournalPlugin.Journal(Sys, PluginId).Tell(new WriteMessages([GroupJournalPlugin.Write("w", "h", null, 1)], TestActor, 1));
        ExpectMsg<WriteMessagesSuccessful>();
        ExpectMsg<WriteMessageSuccess>();

        var siteB = ActorSystem.Create("site-b", Config(_onStandby));
        try
        {
            GroupJournalPlugin.Journal(siteB, PluginId);   // started as a node starts its cells' journals: standing by
            Assert.True(await InRecovery(_standby));
            var failedOver = C9InSiteA.WithSite("c9", "site-b");
            CellFence.Get(siteB).Adopt(failedOver, SiteB);   // promotes its copy and raises the epoch there
            await Probe.Until(async () => !await InRecovery(_standby) && StoredEpoch.Of(_onStandby) == 2, TimeSpan.FromSeconds(60), "site-b never took its copy over");

            // site-a, not yet aware, writes to its primary: the commit waits for a standby that is gone
            GroupJournalPlugin.Journal(Sys, PluginId).Tell(new WriteMessages([GroupJournalPlugin.Write("w", "h", null, waitingWrite)], TestActor, 1));
            ExpectNoMsg(TimeSpan.FromSeconds(2));
            CellFence.Get(Sys).Adopt(failedOver, SiteA);   // the table reaches site-a
            Assert.IsType<CellFencedException>(ExpectMsg<WriteMessagesFailed>(TimeSpan.FromSeconds(30)).Cause);
            Assert.IsType<CellFencedException>(ExpectMsg<WriteMessageFailure>().Cause);

            var onNewPrimary = await SequenceNrs(_onStandby, "h");
            Assert.Equal([1L], onNewPrimary);   // the new primary never had it
        }
        finally
        {
            await siteB.Terminate();
        }
    }

    [Fact]
    public async Task The_primary_says_which_standby_holds_every_write_it_acknowledges_and_a_standby_says_nothing()
    {
        var primary = GroupJournalDatabase.For(JournalProvider.Postgres, _onPrimary.ConnectionString);
        var seen = await primary.CopiesAsync();
        Assert.False(seen!.Shared);
        Assert.Equal(["site-b"], seen.SynchronousStandbys);
        Assert.Null(await GroupJournalDatabase.For(JournalProvider.Postgres, _onStandby.ConnectionString).CopiesAsync());

        // replication made asynchronous (an operator keeping the primary going without its standby): no copy is known to hold everything
        await using (var connection = new NpgsqlConnection(_primary.ConnectionString("postgres") + ";Pooling=false"))
        {
            await connection.OpenAsync();
            await new NpgsqlCommand("ALTER SYSTEM SET synchronous_standby_names = ''", connection).ExecuteNonQueryAsync();
            await new NpgsqlCommand("SELECT pg_reload_conf()", connection).ExecuteNonQueryAsync();
        }
        await Probe.Until(async () => (await primary.CopiesAsync())!.SynchronousStandbys.Count == 0, TimeSpan.FromSeconds(30), "the standby still counts as synchronous");
    }

    private static async Task<bool> InRecovery(PostgresServer server)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString("postgres") + ";Pooling=false");
        await connection.OpenAsync();
        await using var read = new NpgsqlCommand("SELECT pg_is_in_recovery()", connection);
        return (bool)(await read.ExecuteScalarAsync())!;
    }

    private static async Task<long[]> SequenceNrs(JournalOptions journal, string persistenceId)
    {
        await using var connection = new NpgsqlConnection(journal.ConnectionString);
        await connection.OpenAsync();
        await using var read = new NpgsqlCommand("SELECT sequence_nr FROM event_journal WHERE persistence_id = @pid ORDER BY sequence_nr", connection);
        read.Parameters.AddWithValue("pid", persistenceId);
        var found = new List<long>();
        await using var reader = await read.ExecuteReaderAsync();
        while (await reader.ReadAsync()) found.Add(reader.GetInt64(0));
        return [.. found];
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await Sys.Terminate();
        await _standby.DisposeAsync();
        await _primary.DisposeAsync();
    }
}
