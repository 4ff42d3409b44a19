using System.CommandLine;
using AkkaPay.Cell.Persistence;
using AkkaPay.Host.Topology;

namespace AkkaPay.Host.Commands;

/// <summary>`akkapay up`: the whole cluster in one process, on embedded SQLite unless told otherwise.</summary>
public static class UpCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "HTTP port on 127.0.0.1", DefaultValueFactory = _ => 8080 };
        var data = new Option<string>("--data") { Description = "data directory (SQLite journal files)", DefaultValueFactory = _ => "./data" };
        var topology = new Option<string?>("--topology") { Description = "topology file under cells/ (cells, bucket ranges, sites, journals)" };
        var journal = new Option<JournalProvider?>("--journal") { Description = "without a topology file: sqlite (default: four cells, a file each) or postgres (one cell on --connection)" };
        var connection = new Option<string?>("--connection") { Description = "connection string for --journal postgres" };
        var adminToken = new Option<string?>("--admin-token") { Description = $"operator token for /admin/... (default: ${AdminToken.EnvironmentVariable}, else a generated one, printed at start)" };

        port.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 65535) result.AddError("--port must be 1..65535");
        });

        var command = new Command("up", "start a single-process cluster: the unit router and every cell of the topology")
        {
            port, data, topology, journal, connection, adminToken,
        };
        command.Validators.Add(result =>
        {
            var provider = result.GetValue(journal);
            if (result.GetValue(topology) is not null && (provider is not null || result.GetValue(connection) is not null))
                result.AddError("--topology names the journal; leave out --journal and --connection");
            if (provider is not null and not JournalProvider.Sqlite && string.IsNullOrWhiteSpace(result.GetValue(connection)))
                result.AddError($"--journal {provider.ToString()!.ToLowerInvariant()} needs --connection");
        });
        command.SetAction((parsed, _) =>
            NodeRunner.RunAsync(() => Options(parsed.GetValue(port), parsed.GetValue(data)!, parsed.GetValue(topology), parsed.GetValue(journal), parsed.GetValue(connection)), parsed.GetValue(adminToken)));
        return command;
    }

    private static EmbeddedNodeOptions Options(int port, string dataDirectory, string? topologyPath, JournalProvider? provider, string? connection)
    {
        if (topologyPath is null)
        {
            return provider is null or JournalProvider.Sqlite
                ? EmbeddedNodeOptions.Default(port, dataDirectory)
                : EmbeddedNodeOptions.SingleCell(port, new JournalOptions(provider.Value, connection!));
        }
        return EmbeddedNodeOptions.From(port, TopologyLoader.Load(topologyPath, dataDirectory));
    }
}
