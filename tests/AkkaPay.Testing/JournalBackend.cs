using Xunit;
using AkkaPay.Cell.Persistence;
using AkkaPay.Chaos.Servers;

namespace AkkaPay.Testing;

/// <summary>
/// Hands out fresh, empty journals on SQLite and on a real PostgreSQL server started for the test run.
/// One per test assembly, shared through an xunit collection fixture.
/// </summary>
public sealed class JournalBackend : IAsyncLifetime
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    public static TheoryData<string> All => [Sqlite, Postgres];

    private readonly Lazy<Task<PostgresServer>> _postgres = new(() => PostgresServer.StartAsync(FreePort.Next()));
    private readonly string _directory = Directory.CreateTempSubdirectory("akkapay-test-").FullName;

    public async Task<JournalOptions> NewJournalAsync(string backend) => backend switch
    {
        Sqlite => JournalOptions.SqliteFile(Path.Combine(_directory, $"{Guid.NewGuid():N}.db")),
        Postgres => new JournalOptions(JournalProvider.Postgres, await (await _postgres.Value).CreateDatabaseAsync($"akkapay_{Guid.NewGuid():N}")),
        _ => throw new ArgumentOutOfRangeException(nameof(backend), backend, null),
    };

    /// <summary>The PostgreSQL server of the test run, for a test that creates a database itself.</summary>
    public Task<PostgresServer> PostgresAsync() => _postgres.Value;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_postgres.IsValueCreated) await (await _postgres.Value).DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
