using System.CommandLine;
using AkkaPay.Cell.Persistence;

namespace AkkaPay.Host.Commands;

/// <summary>`akkapay up`: the whole cluster in one process, on embedded SQLite unless told otherwise.</summary>
public static class UpCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "HTTP port on 127.0.0.1", DefaultValueFactory = _ => 8080 };
        var data = new Option<string>("--data") { Description = "data directory (SQLite journal files)", DefaultValueFactory = _ => "./data" };
        var journal = new Option<JournalProvider>("--journal") { Description = "journal database: sqlite or postgres", DefaultValueFactory = _ => JournalProvider.Sqlite };
        var connection = new Option<string?>("--connection") { Description = "connection string (required for postgres)" };

        var command = new Command("up", "start a single-process cluster: unit router + cell c0") { port, data, journal, connection };
        command.Validators.Add(result =>
        {
            var provider = result.GetValue(journal);
            if (provider != JournalProvider.Sqlite && string.IsNullOrWhiteSpace(result.GetValue(connection)))
                result.AddError($"--journal {provider.ToString().ToLowerInvariant()} needs --connection");
            if (result.GetValue(port) is < 1 or > 65535) result.AddError("--port must be 1..65535");
        });
        command.SetAction(async (parsed, _) =>
        {
            var provider = parsed.GetValue(journal);
            var options = new EmbeddedNodeOptions(parsed.GetValue(port), parsed.GetValue(data)!,
                provider == JournalProvider.Sqlite ? null : new JournalOptions(provider, parsed.GetValue(connection)!));
            await EmbeddedNode.Build(options).RunAsync();
            return 0;
        });
        return command;
    }
}
