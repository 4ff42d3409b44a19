using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using AkkaPay.Cell;
using AkkaPay.Cell.Hosting;
using AkkaPay.Cell.Payments;
using AkkaPay.Cell.Persistence;
using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Payments;
using AkkaPay.Domain.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AkkaPay.Testing;

/// <summary>A real single-node cluster hosting cells on their journals, wired as `akkapay up` wires them, minus HTTP.</summary>
public sealed class CellNode : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly string? _routerFolder;

    private CellNode(IHost host, CellDirectory cells, IReadOnlyList<CellOptions> hosted, string? routerFolder)
    {
        _host = host;
        _routerFolder = routerFolder;
        Cells = cells;
        Hosted = hosted;
        System = host.Services.GetRequiredService<ActorSystem>();
    }

    public ActorSystem System { get; }
    public CellDirectory Cells { get; }

    /// <summary>The cells this node hosts (none for a router-only node).</summary>
    public IReadOnlyList<CellOptions> Hosted { get; }

    /// <summary>Cell c0 owning every bucket.</summary>
    public static Task<CellNode> StartAsync(JournalOptions journal, Func<CellOptions, CellOptions>? configure = null) =>
        StartAsync(RoutingTable.SingleCell("c0", "site-a"), [configure?.Invoke(new CellOptions("c0", journal)) ?? new CellOptions("c0", journal)]);

    /// <summary>
    /// Cell c0 owning every bucket, with the routing table journaled apart (a SQLite file of its own): the cell's
    /// database need not answer when the node starts.
    /// </summary>
    public static Task<CellNode> StartWithRoutingApartAsync(JournalOptions journal)
    {
        var routing = RoutingTable.SingleCell("c0", "site-a");
        CellOptions[] cells = [new CellOptions("c0", journal)];
        return StartAsync(routing, cells, akka => akka.WithSelfJoiningCluster(Roles(routing, cells)), routingApart: true);
    }

    /// <summary>A one-node cluster hosting every cell of the routing table.</summary>
    public static Task<CellNode> StartAsync(RoutingTable routing, IReadOnlyList<CellOptions> cells) =>
        StartAsync(routing, cells, akka => akka.WithSelfJoiningCluster(Roles(routing, cells)));

    /// <summary>
    /// One node of a multi-node cluster on loopback: it hosts <paramref name="cells"/>, reaches the routing
    /// table's other cells through proxies, and joins through the seed node on <paramref name="seedPort"/>.
    /// </summary>
    /// <param name="link">Wraps the other cells' regions (see <see cref="LossyLink"/>); null for a direct path.</param>
    public static Task<CellNode> StartClusterNodeAsync(
        RoutingTable routing, IReadOnlyList<CellOptions> cells, int port, int seedPort, Func<ActorSystem, IActorRef, IActorRef>? link = null) =>
        StartAsync(routing, cells, akka => akka.WithClusterNode(
            Roles(routing, cells), [$"akka.tcp://{SystemName}@127.0.0.1:{seedPort}"], port), link);

    /// <summary>A router, each hosted cell's role, and the site where the table has them active (so the node holds their epochs).</summary>
    private static string[] Roles(RoutingTable routing, IReadOnlyList<CellOptions> cells) =>
        [CellNames.RouterRole, .. cells.Select(c => c.Role), .. cells.Select(c => routing.SiteByCell[c.CellId]).Distinct()];

    private const string SystemName = "akkapay-test";

    /// <remarks>
    /// The routing table is journaled in the first hosted cell's database (tables of its own), like `up --journal
    /// postgres`; on a node hosting no cell, or <paramref name="routingApart"/>, in a SQLite file of its own.
    /// </remarks>
    private static async Task<CellNode> StartAsync(
        RoutingTable routing, IReadOnlyList<CellOptions> cells, Action<AkkaConfigurationBuilder> cluster, Func<ActorSystem, IActorRef, IActorRef>? link = null,
        bool routingApart = false)
    {
        var directory = new CellDirectory(routing.Cells);
        var routerFolder = cells.Count == 0 || routingApart ? Directory.CreateTempSubdirectory("akkapay-router-").FullName : null;
        var routingJournal = routerFolder is null ? cells[0].Journal : JournalOptions.SqliteFile(Path.Combine(routerFolder, "routing.db"));
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAkka(SystemName, akka =>
        {
            cluster(akka);
            akka.WithAkkaPaySerializer().WithCellDirectory(directory).WithRoutingTable(isRouter: true, directory, routing, routingJournal, TimeProvider.System,
                [.. routing.SiteByCell.Values.Distinct()], new Dictionary<string, TimeSpan>());
            foreach (var cell in cells) akka.WithCell(cell, directory, TimeProvider.System);
            foreach (var remote in routing.Cells.Except(cells.Select(c => c.CellId))) akka.WithCellProxy(remote, directory, link);
        });
        var host = builder.Build();
        await host.StartAsync();
        var node = new CellNode(host, directory, cells, routerFolder);
        await node.WhenUp();
        return node;
    }

    /// <summary>Asks the entity the message names, in the cell that owns it.</summary>
    public Task<T> Ask<T>(ICellMessage message) =>
        (message is StartPayment or GetPayment or ReserveRefund or ReleaseRefund
            ? Cells.PaymentsOf(PaymentId.Parse(message.EntityId))
            : Cells.AccountsOf(AccountId.Parse(message.EntityId)))
        .Ask<T>(message, TimeSpan.FromSeconds(30));

    private async Task WhenUp()
    {
        var up = new TaskCompletionSource();
        Cluster.Get(System).RegisterOnMemberUp(up.SetResult);
        await up.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Probe.Until(() => Cells.IsComplete, TimeSpan.FromSeconds(30), "cells' shard regions did not start");
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        if (_routerFolder is null) return;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_routerFolder, recursive: true);
    }
}
