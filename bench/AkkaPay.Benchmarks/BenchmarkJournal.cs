using AkkaPay.Cell.Persistence;
using AkkaPay.Chaos.Servers;
using AkkaPay.Testing;

namespace AkkaPay.Benchmarks;

/// <summary>A fresh journal for one benchmark run: a SQLite file in a temp folder, or a database on a throwaway PostgreSQL server.</summary>
public sealed class BenchmarkJournal : IAsyncDisposable
{
    private PostgresServer? _postgres;
    private string? _folder;

    public async Task<JournalOptions> CreateAsync(string backend)
    {
        if (backend == "sqlite")
        {
            _folder = Directory.CreateTempSubdirectory("akkapay-bench-").FullName;
            return JournalOptions.SqliteFile(Path.Combine(_folder, "cell-c0.db"));
        }
        _postgres = await PostgresServer.StartAsync(FreePort.Next());
        return new JournalOptions(JournalProvider.Postgres, await _postgres.CreateDatabaseAsync("akkapay_bench"));
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null) await _postgres.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_folder is not null) Directory.Delete(_folder, recursive: true);
    }
}
