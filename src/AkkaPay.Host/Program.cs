using System.CommandLine;
using AkkaPay.Host.Commands;

var root = new RootCommand("AkkaPay: a payment cluster on Akka.NET (node and operator tool)")
{
    UpCommand.Create(),
    LedgerCommand.Create(),
};
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
