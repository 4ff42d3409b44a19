using System.CommandLine;
using AkkaPay.Host.Commands;

var root = new RootCommand("AkkaPay: a payment cluster on Akka.NET (node and operator tool)")
{
    UpCommand.Create(),
    NodeCommand.Create(),
    LedgerCommand.Create(),
    AccountCommand.Create(),
    LoadCommand.Create(),
    TrafficCommands.Create(),
    ChaosCommand.Create(),
};
foreach (var command in PaletteCommands.Create()) root.Subcommands.Add(command);
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
