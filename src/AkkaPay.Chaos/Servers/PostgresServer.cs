using System.Diagnostics;
using Npgsql;

namespace AkkaPay.Chaos.Servers;

/// <summary>
/// A throwaway PostgreSQL server on a loopback port: initdb into a temp dir, pg_ctl start, stopped and deleted on
/// dispose. A chaos run starts one for each server its topology names (and stalls it, <see cref="ProcessTree"/>);
/// the tests start theirs on free ports. initdb and postgres refuse to run as root, so as root they run as the postgres user.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string OsUser = "postgres";

    private readonly string _directory;
    private readonly string _binaries;
    private bool _stopped;

    private PostgresServer(string directory, string binaries, int port)
    {
        _directory = directory;
        _binaries = binaries;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The server's own log (pg_ctl -l): gone with the server, copy it first to keep it.</summary>
    public string LogPath => Path.Combine(_directory, "server.log");

    /// <summary>
    /// With automatic statement preparation, as `cells/local-pg.json` runs cells. Idle pooled connections close
    /// after a few seconds: every test has databases of its own, and the pools of finished tests would otherwise
    /// hold their connections for Npgsql's default five minutes, until the server refuses new ones.
    /// </summary>
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Maximum Pool Size=20;Max Auto Prepare=20;Auto Prepare Min Usages=2;No Reset On Close=true;" +
        "Connection Idle Lifetime=3;Connection Pruning Interval=1";

    /// <exception cref="InvalidOperationException">No PostgreSQL binaries, or initdb or pg_ctl failed (the port taken, say).</exception>
    public static async Task<PostgresServer> StartAsync(int port)
    {
        var server = await New(port);
        await Run(Path.Combine(server._binaries, "initdb"), ["-D", server.DataDirectory, "-U", "postgres", "-A", "trust", "--no-sync"], asPostgres: IsRoot);
        await server.Start();
        return server;
    }

    /// <summary>Why no server can start here (no binaries), or null.</summary>
    public static string? Unavailable()
    {
        try
        {
            FindBinaries();
            return null;
        }
        catch (InvalidOperationException e)
        {
            return e.Message;
        }
    }

    private static async Task<PostgresServer> New(int port)
    {
        var directory = Directory.CreateTempSubdirectory("akkapay-pg-").FullName;
        var server = new PostgresServer(directory, FindBinaries(), port);
        if (IsRoot) await Run("chown", ["-R", $"{OsUser}:{OsUser}", directory], asPostgres: false);
        return server;
    }

    private Task Start() => Run(Path.Combine(_binaries, "pg_ctl"),
        ["-D", DataDirectory, "-l", LogPath, "-w", "-t", "60",
         "-o", $"-p {Port} -k {_directory} -c listen_addresses=127.0.0.1 -c max_connections=200", "start"],
        asPostgres: IsRoot);

    /// <summary>
    /// A streaming standby of this server on <paramref name="port"/>, as another site's copy (pg_basebackup -R), made
    /// this server's synchronous standby: from then on a commit here returns only once the standby has it on disk.
    /// Its databases are this server's (create them before). It takes no writes until promoted.
    /// </summary>
    /// <param name="name">The standby's application_name, as synchronous_standby_names names it (a site).</param>
    public async Task<PostgresServer> StartSynchronousStandbyAsync(string name, int port)
    {
        var standby = await New(port);
        var conninfo = $"host=127.0.0.1 port={Port} user=postgres application_name={name}";
        await Run(Path.Combine(_binaries, "pg_basebackup"), ["-d", conninfo, "-D", standby.DataDirectory, "-R", "-X", "stream", "--checkpoint=fast", "--no-sync"], asPostgres: IsRoot);
        await File.AppendAllTextAsync(Path.Combine(standby.DataDirectory, "postgresql.auto.conf"), $"primary_conninfo = '{conninfo}'\n");
        await standby.Start();
        await Execute($"ALTER SYSTEM SET synchronous_standby_names = '\"{name}\"'");
        await Execute("SELECT pg_reload_conf()");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (await Scalar($"SELECT count(*) FROM pg_stat_replication WHERE application_name = '{name}' AND sync_state = 'sync'") is not 1L)
        {
            if (DateTime.UtcNow > deadline) throw new InvalidOperationException($"the standby {name} never became synchronous within 60 s");
            await Task.Delay(50);
        }
        return standby;
    }

    /// <summary>SIGKILL of the postmaster, as a machine's loss would end it: nothing is shut down cleanly.</summary>
    public Task KillAsync()
    {
        Signals.Send(Postmaster, Signals.Kill, "kill PostgreSQL");
        _stopped = true;
        return Task.CompletedTask;
    }

    public async Task<string> CreateDatabaseAsync(string name)
    {
        await Execute($"CREATE DATABASE \"{name}\"");
        return ConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (!_stopped)
        {
            ProcessTree.Continue(Postmaster);   // a stalled server cannot act on pg_ctl's stop
            await Run(Path.Combine(_binaries, "pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], asPostgres: IsRoot);
        }
        Directory.Delete(_directory, recursive: true);
    }

    private string DataDirectory => Path.Combine(_directory, "data");

    /// <summary>The server's main process, as it wrote it into its data directory.</summary>
    public int Postmaster => int.Parse(File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).First());

    private Task Execute(string sql) => Scalar(sql);

    private async Task<object?> Scalar(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
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
