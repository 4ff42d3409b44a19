namespace AkkaPay.Cell.Persistence;

/// <summary>Where one cell's journal and snapshots live.</summary>
public sealed record JournalOptions(JournalProvider Provider, string ConnectionString)
{
    /// <summary>Akka.Persistence.Sql's batch size (SQL Server journals): how many queued writes go to the database in one round trip.</summary>
    public int BatchSizeMax { get; init; } = 100;

    /// <summary>Akka.Persistence.Sql's concurrent write batches in flight (SQL Server journals).</summary>
    public int WriteParallelism { get; init; } = 3;

    public static JournalOptions SqliteFile(string path) =>
        new(JournalProvider.Sqlite, $"Data Source={path};Pooling=True");

    /// <summary>linq2db's provider name for <see cref="Provider"/>.</summary>
    public string ProviderName => Provider switch
    {
        JournalProvider.Sqlite => "SQLite.MS",
        JournalProvider.Postgres => "PostgreSQL.15",
        JournalProvider.SqlServer => "SqlServer.2019",
        _ => throw new ArgumentOutOfRangeException(nameof(Provider), Provider, null),
    };

    public string Describe() => Provider switch
    {
        JournalProvider.Sqlite => $"SQLite {new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString).DataSource}",
        JournalProvider.Postgres => $"PostgreSQL {new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString) { Password = null }.ConnectionString}",
        _ => Provider.ToString(),
    };
}
