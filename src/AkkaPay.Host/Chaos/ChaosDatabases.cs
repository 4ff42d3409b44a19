using AkkaPay.Cell.Persistence;
using AkkaPay.Chaos.Servers;
using Npgsql;

namespace AkkaPay.Host.Chaos;

/// <summary>
/// The PostgreSQL servers a chaos run's topology journals on: started by the run on the loopback ports its
/// connection strings name, with the databases they name, stopped and deleted at the end, their logs kept in the
/// report folder; or, for a run attached to a running cluster, the servers listening on those ports, left running. A cell's nodes of every site reach the same server (shared storage, like a SQLite file): after a
/// failover to a streaming standby the old primary would have to be rebuilt before the cell could fail back, which
/// a run that fails over back and forth cannot wait for.
/// </summary>
public sealed class ChaosDatabases : IAsyncDisposable
{
    private readonly Dictionary<int, PostgresServer> _started = [];
    private readonly Dictionary<int, int> _postmasterOf = [];
    private readonly IReadOnlyDictionary<string, int> _portOfCell;
    private readonly string _logFolder;

    private ChaosDatabases(Topology.Topology topology, string logFolder)
    {
        _portOfCell = topology.Cells.Where(c => c.Journal.Provider == JournalProvider.Postgres).ToDictionary(c => c.Id, c => Port(c.Journal));
        _logFolder = logFolder;
    }

    /// <summary>What a run cannot start of this topology's PostgreSQL journals, one line each (empty: all of it).</summary>
    public static IReadOnlyList<string> Problems(Topology.Topology topology)
    {
        var problems = new List<string>();
        foreach (var (owner, journal) in PostgresJournals(topology))
        {
            var where = new NpgsqlConnectionStringBuilder(journal.ConnectionString);
            if (where.Host is not ("127.0.0.1" or "localhost")) problems.Add($"{owner}: chaos starts PostgreSQL on loopback only, not on '{where.Host}'");
            if (string.IsNullOrEmpty(where.Database)) problems.Add($"{owner}: the connection string names no database");
        }
        foreach (var cell in topology.Cells.Where(c => c.JournalBySite.Count > 0 && c.Journal.Provider == JournalProvider.Postgres))
            if (cell.JournalBySite.Values.Any(copy => Port(copy) != Port(cell.Journal)))
                problems.Add($"cell {cell.Id}: its sites have PostgreSQL copies of their own (a streaming standby pair); chaos runs a cell's sites on one server");
        if (problems.Count == 0 && PostgresJournals(topology).Any() && PostgresServer.Unavailable() is { } why) problems.Add(why);
        return problems;
    }

    public static async Task<ChaosDatabases> StartAsync(Topology.Topology topology, string logFolder)
    {
        var databases = new ChaosDatabases(topology, logFolder);
        try
        {
            foreach (var byServer in Servers(topology))
            {
                var server = await PostgresServer.StartAsync(byServer.Key);
                databases._started[byServer.Key] = server;
                databases._postmasterOf[byServer.Key] = server.Postmaster;
                foreach (var database in byServer.Select(where => where.Database!).Distinct()) await server.CreateDatabaseAsync(database);
            }
        }
        catch
        {
            await databases.DisposeAsync();
            throw;
        }
        return databases;
    }

    /// <summary>The servers of a running cluster, each the process listening on its port.</summary>
    /// <exception cref="InvalidOperationException">No process listens on a server's port (or it is not ours to see).</exception>
    public static ChaosDatabases Attach(Topology.Topology topology, string logFolder)
    {
        var databases = new ChaosDatabases(topology, logFolder);
        foreach (var port in Servers(topology).Select(server => server.Key))
            databases._postmasterOf[port] = ListeningProcess.Find(port) ?? throw new InvalidOperationException($"no PostgreSQL server listens on port {port}");
        return databases;
    }

    /// <summary>The port of the server a cell journals on.</summary>
    public int PortOf(string cell) => _portOfCell[cell];

    /// <summary>Stalls the server a cell journals on (<see cref="ProcessTree.Pause"/>): it answers nothing, holding all it held.</summary>
    public void Pause(string cell) => ProcessTree.Pause(_postmasterOf[PortOf(cell)]);

    public void Continue(string cell) => ProcessTree.Continue(_postmasterOf[PortOf(cell)]);

    /// <summary>Every cell a stall of <paramref name="cell"/>'s server stalls (it may hold others' databases too).</summary>
    public IReadOnlyList<string> CellsSharingServerWith(string cell) => [.. _portOfCell.Where(c => c.Value == _portOfCell[cell]).Select(c => c.Key)];

    public async ValueTask DisposeAsync()
    {
        foreach (var (port, server) in _started)
        {
            if (File.Exists(server.LogPath)) File.Copy(server.LogPath, Path.Combine(_logFolder, $"postgres-{port}.log"), overwrite: true);
            await server.DisposeAsync();
        }
    }

    private static IEnumerable<(string Owner, JournalOptions Journal)> PostgresJournals(Topology.Topology topology) =>
        topology.Cells.SelectMany(cell => cell.JournalBySite.Values.Prepend(cell.Journal).Select(journal => ($"cell {cell.Id}", journal)))
            .Append(("the routing table", topology.RoutingJournal))
            .Where(j => j.Item2.Provider == JournalProvider.Postgres);

    /// <summary>The journals' connection strings by server (port).</summary>
    private static IEnumerable<IGrouping<int, NpgsqlConnectionStringBuilder>> Servers(Topology.Topology topology) =>
        PostgresJournals(topology).Select(j => new NpgsqlConnectionStringBuilder(j.Journal.ConnectionString)).GroupBy(where => where.Port);

    private static int Port(JournalOptions journal) => new NpgsqlConnectionStringBuilder(journal.ConnectionString).Port;
}
