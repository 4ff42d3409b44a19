using Akka.Hosting;
using AkkaPay.Api;
using AkkaPay.Cell.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AkkaPay.Host;

/// <summary>Wires one AkkaPay process: ASP.NET Core for HTTP, Akka.Hosting for the cluster, the cell and the unit router.</summary>
public static class EmbeddedNode
{
    public static WebApplication Build(EmbeddedNodeOptions options, Action<ILoggingBuilder>? logging = null)
    {
        var directory = new CellDirectory(options.Routing.Cells);
        // AkkaPay reads no settings files: without this the host watches the working directory tree (where the
        // SQLite journals live) and wakes up on every journal write
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.WebHost.UseUrls($"http://127.0.0.1:{options.HttpPort}");
        // one line per entry, with the request's trace id (a logging scope) on every line logged inside a request
        builder.Logging.ClearProviders().AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.IncludeScopes = true;
            console.TimestampFormat = "HH:mm:ss.fff ";
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
        // a line per shard region and singleton (dozens per cell) at start; their warnings and errors still show
        builder.Logging.AddFilter("Akka.Cluster.Sharding", LogLevel.Warning);
        builder.Logging.AddFilter("Akka.Cluster.Tools.Singleton", LogLevel.Warning);
        // /health/ready answers whether the node is ready; every poll of a node still starting must not log a failure
        builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None);
        logging?.Invoke(builder.Logging);

        var shutdown = new NodeShutdown();
        builder.Services.AddSingleton(directory);
        builder.Services.AddSingleton(shutdown);
        builder.Services.AddAkka(Topology.Topology.SystemName, akka =>
        {
            akka.AddStartup((system, _) => shutdown.Watch(system));
            akka.ConfigureLoggers(loggers =>
                {
                    loggers.LogLevel = Akka.Event.LogLevel.InfoLevel;
                    loggers.ClearLoggers();
                    loggers.AddLogger<AkkaLogForwarder>();
                })
                .WithAkkaPaySerializer()
                .WithCellDirectory(directory)
                .WithRoutingTable(options.Roles.Contains(CellNames.RouterRole), directory, options.Routing, options.RoutingJournal, TimeProvider.System,
                    options.Sites, options.AutomaticFailoverAfter);
            string[] roles = [.. options.Roles, .. options.Cells.Select(c => c.Role)];
            if (options.SeedNodes.Count == 0) akka.WithSelfJoiningCluster(roles, options.RemotingPort);
            else akka.WithClusterNode(roles, [.. options.SeedNodes], options.RemotingPort, options.QuorumByRole ? CellNames.QuorumRole : null);
            foreach (var cell in options.Cells) akka.WithCell(cell, directory, TimeProvider.System);
            foreach (var remote in options.Routing.Cells.Except(options.Cells.Select(c => c.CellId))) akka.WithCellProxy(remote, directory);
        });
        builder.Services.AddUnitRouterApi(new ApiOptions { AdminToken = options.AdminToken, Sites = options.Sites });

        var app = builder.Build();
        app.MapUnitRouterApi();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            app.Logger.LogInformation("AkkaPay is up: HTTP http://127.0.0.1:{Port}, hosting {Count} of {Total} cell(s), roles {Roles}, {Cpus} CPU(s) usable",
                options.HttpPort, options.Cells.Count, options.Routing.Cells.Count(), string.Join(",", options.Roles), Environment.ProcessorCount);
            foreach (var cell in options.Cells)
                app.Logger.LogInformation("cell {Cell}: buckets {Buckets}, journal {Journal}",
                    cell.CellId, string.Join(",", options.Routing.RangesOf(cell.CellId)), cell.Journal.Describe());
            if (options.AdminTokenGenerated)
                app.Logger.LogInformation("operator token (generated; set --admin-token or {Variable} to choose one): {Token}",
                    AdminToken.EnvironmentVariable, options.AdminToken);
        });
        return app;
    }
}
