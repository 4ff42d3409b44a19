using System.Diagnostics;
using Npgsql;

namespace AkkaPay.Testing;

/// <summary>
/// A throwaway PostgreSQL server: initdb into a temp dir, pg_ctl start on a free loopback port, stopped and
/// deleted on dispose. initdb and postgres refuse to run as root, so as root they run as the postgres user.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string OsUser = "postgres";
    private readonly string _directory;
    private readonly string _binaries;

    private PostgresServer(string directory, string binaries, int port)
    {
        _directory = directory;
        _binaries = binaries;
        Port = port;
    }

    public int Port { get; }

    /// <summary>
    /// With automatic statement preparation, as `cells/local-pg.json` runs cells. Idle pooled connections close
    /// after a few seconds: every test has databases of its own, and the pools of finished tests would otherwise
    /// hold their connections for Npgsql's default five minutes, until the server refuses new ones.
    /// </summary>
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Maximum Pool Size=20;Max Auto Prepare=20;Auto Prepare Min Usages=2;No Reset On Close=true;" +
        "Connection Idle Lifetime=3;Connection Pruning Interval=1";

    public static async Task<PostgresServer> StartAsync()
    {
        var binaries = FindBinaries();
        var directory = Directory.CreateTempSubdirectory("akkapay-pg-").FullName;
        var server = new PostgresServer(directory, binaries, FreePort.Next());
        if (IsRoot) await Run("chown", ["-R", $"{OsUser}:{OsUser}", directory], asPostgres: false);
        await Run(Path.Combine(binaries, "initdb"), ["-D", server.DataDirectory, "-U", "postgres", "-A", "trust", "--no-sync"], asPostgres: IsRoot);
        await Run(Path.Combine(binaries, "pg_ctl"),
            ["-D", server.DataDirectory, "-l", Path.Combine(directory, "server.log"), "-w", "-t", "60",
             "-o", $"-p {server.Port} -k {directory} -c listen_addresses=127.0.0.1 -c max_connections=200", "start"],
            asPostgres: IsRoot);
        return server;
    }

    private string DataDirectory => Path.Combine(_directory, "data");

    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await Run(Path.Combine(_binaries, "pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], asPostgres: IsRoot);
        Directory.Delete(_directory, recursive: true);
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static string FindBinaries()
    {
        var versions = Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql") : [];
        var found = versions.Select(v => Path.Combine(v, "bin")).OrderDescending().FirstOrDefault(bin => File.Exists(Path.Combine(bin, "initdb")));
        return found ?? throw new InvalidOperationException("PostgreSQL binaries not found under /usr/lib/postgresql (apt-get install postgresql)");
    }

    private static async Task Run(string program, string[] arguments, bool asPostgres)
    {
        var start = asPostgres
            ? new ProcessStartInfo("runuser", ["-u", OsUser, "--", program, .. arguments])
            : new ProcessStartInfo(program, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.WorkingDirectory = "/tmp";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited {process.ExitCode}: {await output}{await error}");
    }
}
