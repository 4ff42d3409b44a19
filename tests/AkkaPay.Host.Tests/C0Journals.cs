using AkkaPay.Cell.Persistence;
using AkkaPay.Chaos.Servers;
using AkkaPay.Testing;

namespace AkkaPay.Host.Tests;

/// <summary>
/// Cell c0's journal as site-a and site-b reach it, for failover tests. On SQLite, one file both sites open
/// (shared storage). On PostgreSQL, a primary in site-a and its synchronous streaming standby in site-b, each
/// site's nodes on their own copy ("journalBySite"); site-a's loss kills the primary too.
/// </summary>
public sealed class C0Journals : IAsyncDisposable
{
    private readonly PostgresServer? _primary;
    private readonly PostgresServer? _standby;

    private C0Journals(string topology, JournalOptions inSiteB, PostgresServer? primary = null, PostgresServer? standby = null)
    {
        Topology = topology;
        InSiteB = inSiteB;
        _primary = primary;
        _standby = standby;
    }

    /// <summary>c0's "journal" and "journalBySite" members of the topology file.</summary>
    public string Topology { get; }

    /// <summary>The copy of the journal site-b writes to once the cell is failed over to it.</summary>
    public JournalOptions InSiteB { get; }

    public static async Task<C0Journals> StartAsync(string backend, string dataDirectory)
    {
        if (backend == JournalBackend.Sqlite)
            return new C0Journals(ThreeProcessCluster.C0OnSqlite, JournalOptions.SqliteFile(Path.Combine(dataDirectory, "cell-c0.db")));
        var primary = await PostgresServer.StartAsync(FreePort.Next());
        var onPrimary = new JournalOptions(JournalProvider.Postgres, await primary.CreateDatabaseAsync("akkapay_c0"));
        CellPersistenceConfig.CreateJournalTables(onPrimary);   // before the copy is made: a standby takes no DDL
        var standby = await primary.StartSynchronousStandbyAsync("site-b", FreePort.Next());
        var onStandby = new JournalOptions(JournalProvider.Postgres, standby.ConnectionString("akkapay_c0"));
        var topology = $"\"journal\":{Postgres(onPrimary)},\"journalBySite\":{{\"site-b\":{Postgres(onStandby)}}}";
        return new C0Journals(topology, onStandby, primary, standby);
    }

    private static string Postgres(JournalOptions journal) => $"{{\"provider\":\"postgres\",\"connectionString\":\"{journal.ConnectionString}\"}}";

    /// <summary>Site-a's copy of the journal dies with the site (PostgreSQL's primary, SIGKILL); a shared SQLite file stays.</summary>
    public Task LoseSiteA() => _primary?.KillAsync() ?? Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_standby is not null) await _standby.DisposeAsync();
        if (_primary is not null) await _primary.DisposeAsync();
    }
}
