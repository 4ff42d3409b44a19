using Microsoft.Data.Sqlite;

namespace AkkaPay.Cell.Persistence;

/// <summary>Prepares a cell's SQLite file before the journal opens it: the folder exists and the file is in WAL mode.</summary>
public static class SqliteJournalFile
{
    /// <summary>The file a SQLite connection string names.</summary>
    public static string PathOf(string connectionString) => new SqliteConnectionStringBuilder(connectionString).DataSource;

    public static void Prepare(string connectionString)
    {
        var path = PathOf(connectionString);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);

        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        // WAL is a property of the file and outlives this connection; synchronous stays FULL (the default).
        command.CommandText = "PRAGMA journal_mode=WAL;";
        var mode = (string?)command.ExecuteScalar();
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"SQLite journal {path} refused WAL mode (got '{mode}')");
    }
}
