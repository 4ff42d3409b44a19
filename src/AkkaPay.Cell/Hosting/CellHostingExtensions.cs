using System.Data.Common;
using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Configuration;
using Akka.Event;
using Akka.Hosting;
using AkkaPay.Cell.Accounts;
using AkkaPay.Cell.Audit;
using AkkaPay.Cell.Payments;
using AkkaPay.Cell.Persistence;
using AkkaPay.Cell.Routing;
using AkkaPay.Cell.Serialization;
using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Accounts.Hot;
using AkkaPay.Domain.Money;
using AkkaPay.Domain.Payments;
using AkkaPay.Domain.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AkkaPay.Cell.Hosting;

public static class CellHostingExtensions
{
    /// <summary>The serializer for every AkkaPay event, snapshot and message.</summary>
    public static AkkaConfigurationBuilder WithAkkaPaySerializer(this AkkaConfigurationBuilder builder) =>
        builder.WithCustomSerializer(
            "akkapay",
            [typeof(IAkkaPayMessage), typeof(AccountEvent), typeof(SubAccountEvent), typeof(PaymentEvent)],
            system => new AkkaPaySerializer(system));

    /// <summary>The cell directory of this node, ready when the routing table has arrived and every cell has regions here.</summary>
    public static AkkaConfigurationBuilder WithCellDirectory(this AkkaConfigurationBuilder builder, CellDirectory directory) =>
        builder.WithHealthCheck(
            "cells",
            (_, _, _) => Task.FromResult(directory.IsComplete
                ? HealthCheckResult.Healthy($"routing table version {directory.Routing.Version}; every cell's shard regions are started")
                : HealthCheckResult.Unhealthy("the routing table has not arrived or some cells have no shard regions on this node yet")),
            tags: [HealthTags.Ready]);

    /// <summary>
    /// The routing table: a replica on every node feeding the directory, and on router nodes the singleton that
    /// journals it (in <paramref name="journal"/>) and starts it from <paramref name="fromTopology"/> the first time.
    /// Other nodes start no singleton manager (Akka refuses one on a node without the singleton's role). No node
    /// starts a proxy (an idle one warns): operators' changes reach the keeper through <see cref="RoutingTableKeeper.Select"/>.
    /// </summary>
    /// <param name="sites">The topology's sites, in its order: where the keeper may fail a cell over to by itself.</param>
    /// <param name="automaticFailoverAfter">The cells the keeper fails over by itself, each with how long its active site may have no live node.</param>
    public static AkkaConfigurationBuilder WithRoutingTable(
        this AkkaConfigurationBuilder builder, bool isRouter, CellDirectory directory, RoutingTable fromTopology, JournalOptions journal, TimeProvider clock,
        IReadOnlyList<string> sites, IReadOnlyDictionary<string, TimeSpan> automaticFailoverAfter)
    {
        builder.WithActors((system, _) =>
        {
            system.ActorOf(Props.Create(() => new RoutingTableReplica(directory)), "routing-table-replica");
            system.ActorOf(Props.Create(() => new JournalCopiesReplica(directory.Cells)), "journal-copies-replica");
        });
        if (!isRouter) return builder;
        if (journal.Provider == JournalProvider.Sqlite) SqliteJournalFile.Prepare(journal.ConnectionString);
        return builder
            .AddHocon(CellPersistenceConfig.ForRouting(journal), HoconAddMode.Prepend)
            .WithSingleton<RoutingTableKeeper>(
                CellNames.RoutingTableSingleton,
                Props.Create(() => new RoutingTableKeeper(fromTopology, CellPersistenceConfig.RoutingJournalPluginId, CellPersistenceConfig.RoutingSnapshotPluginId, clock,
                    sites, automaticFailoverAfter)),
                new ClusterSingletonOptions { Role = CellNames.RouterRole },
                createProxyToo: false);
    }

    /// <summary>Runs <paramref name="start"/> once the node has a routing table: entities address other cells through it.</summary>
    private static AkkaConfigurationBuilder WhenRoutingKnown(this AkkaConfigurationBuilder builder, CellDirectory directory, string what, Func<ActorSystem, Task> start) =>
        builder.AddStartup((system, registry) =>
        {
            _ = Start();   // not awaited: start-up must not wait for the cluster to deliver the table
            return Task.CompletedTask;

            async Task Start()
            {
                await directory.RoutingKnown;
                try
                {
                    await start(system);
                }
                catch (Exception e)
                {
                    system.Log.Error(e, "could not start {0}; this node stays not ready", what);
                }
            }
        });

    /// <summary>
    /// The sharding settings of a cell's regions. Payments are woken after a crash by <see cref="PaymentResumer"/> from
    /// the journal's list of pending streams (ADR 7), so sharding need not remember them, and idle ones passivate like
    /// accounts; a journal that keeps no such list (SQL Server's) falls back to sharding's remember-entities,
    /// event-sourced in the cell's journal (<paramref name="remember"/>). The rebalance interval is how soon a shard
    /// coordinator acts on a new green share.
    /// </summary>
    private static ClusterShardingSettings ShardSettings(ActorSystem system, CellOptions options, CellSettings settings, bool remember = false)
    {
        var overrides = ConfigurationFactory.ParseString($"""
            role = "{options.Role}"
            state-store-mode = ddata
            remember-entities = {(remember ? "on" : "off")}
            remember-entities-store = eventsourced
            journal-plugin-id = "{settings.JournalPluginId}"
            snapshot-plugin-id = "{settings.SnapshotPluginId}"
            rebalance-interval = {options.RebalanceInterval.TotalMilliseconds}ms
            """);
        return ClusterShardingSettings.Create(
                overrides.WithFallback(system.Settings.Config.GetConfig("akka.cluster.sharding")),
                system.Settings.Config.GetConfig("akka.cluster.singleton"))
            .WithPassivateIdleAfter(options.PassivateIdleAfter);
    }

    /// <summary>How often a node whose cell database does not answer at start tries again.</summary>
    private static readonly TimeSpan JournalTablesRetry = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Creates the cell's journal tables (where missing), trying again while its database does not answer: a node may
    /// start before its database server (a machine booting, a server being restarted). Until then the node is not
    /// ready and starts none of the cell's entities, and its journal is started only after, on a database that answers.
    /// </summary>
    private static async Task CreateJournalTablesOnceReachable(ActorSystem system, CellOptions options)
    {
        while (true)
        {
            try
            {
                await Task.Run(() => CellPersistenceConfig.CreateJournalTables(options.Journal));
                return;
            }
            catch (DbException e) when (!system.WhenTerminated.IsCompleted)
            {
                system.Log.Warning("cell {0}: its journal database did not answer ({1}); trying again in {2} s", options.CellId, e.Message, JournalTablesRetry.TotalSeconds);
                await Task.Delay(JournalTablesRetry);
            }
        }
    }

    /// <summary>A cell hosted on other nodes: proxies to its regions, registered in the directory.</summary>
    /// <param name="link">
    /// What stands between this node and the cell's account and payment regions: nothing (null), or, in tests that
    /// inject delivery failures, an actor that loses and duplicates messages as a bad network would.
    /// </param>
    public static AkkaConfigurationBuilder WithCellProxy(
        this AkkaConfigurationBuilder builder, string cellId, CellDirectory directory, Func<ActorSystem, IActorRef, IActorRef>? link = null) =>
        builder.WhenRoutingKnown(directory, $"the proxies of cell {cellId}", async system =>
        {
            var sharding = ClusterSharding.Get(system);
            var extractor = new CellMessageExtractor();
            var accounts = await sharding.StartProxyAsync(CellNames.AccountRegion(cellId), CellNames.Role(cellId), extractor);
            var payments = await sharding.StartProxyAsync(CellNames.PaymentRegion(cellId), CellNames.Role(cellId), extractor);
            var auditor = await sharding.StartProxyAsync(CellNames.AuditRegion(cellId), CellNames.Role(cellId), new AuditMessageExtractor());
            // nothing is sent to sub-accounts from here; the operators' traffic view asks this proxy where their shards are
            await sharding.StartProxyAsync(CellNames.SubAccountRegion(cellId), CellNames.Role(cellId), extractor);
            directory.Register(cellId, link?.Invoke(system, accounts) ?? accounts, link?.Invoke(system, payments) ?? payments, auditor);
        });

    /// <summary>
    /// One cell hosted on this node: its own journal and snapshot store, and its account and payment shard
    /// regions on nodes with its role, registered in the directory.
    /// </summary>
    public static AkkaConfigurationBuilder WithCell(this AkkaConfigurationBuilder builder, CellOptions options, CellDirectory directory, TimeProvider clock)
    {
        if (options.Journal.Provider == JournalProvider.Sqlite) SqliteJournalFile.Prepare(options.Journal.ConnectionString);

        var settings = new CellSettings(
            options.CellId,
            CellPersistenceConfig.JournalPluginId(options.CellId),
            CellPersistenceConfig.SnapshotPluginId(options.CellId),
            options.SnapshotEvery,
            new FeeRate(options.MerchantFeeBasisPoints),
            options.StepRetryInterval,
            options.CrossCellAnswerAfter,
            options.RemotePayeeCheckMax,
            options.FinishedPaymentIdleMax,
            options.SweepInterval,
            clock);

        return builder
            .AddHocon(CellPersistenceConfig.For(options.CellId, options.Journal), HoconAddMode.Prepend)
            .WhenRoutingKnown(directory, $"cell {options.CellId}", async system =>
            {
                await CreateJournalTablesOnceReachable(system, options);
                // started now, not by the first entity: a standby node that becomes the cell's active site raises the
                // cell's epoch at once (CellFence.OnRaised), while the old site may still hold the shards
                Akka.Persistence.Persistence.Instance.Apply(system).JournalFor(settings.JournalPluginId);
                if (CellPersistenceConfig.UsesGroupCommit(options.Journal))
                    system.ActorOf(Props.Create(() => new JournalCopyWatch(options.CellId, options.Journal, directory)), $"journal-copy-watch-{options.CellId}");
                var sharding = ClusterSharding.Get(system);
                var shardSettings = ShardSettings(system, options, settings);
                var extractor = new CellMessageExtractor();
                // every region of a bucket follows the routing table's colors; each needs its own strategy instance (one per coordinator)
                ColorAllocationStrategy Colors() => new(system, directory, options.CellId, options.ShardMovesAtOnceMax);
                var subAccounts = await sharding.StartAsync(
                    CellNames.SubAccountRegion(options.CellId), entityId => Props.Create<SubAccountActor>(entityId, settings), shardSettings, extractor,
                    Colors(), StopEntity.Instance);
                var accounts = await sharding.StartAsync(
                    options.AccountRegionName, entityId => Props.Create<AccountActor>(entityId, settings, subAccounts), shardSettings, extractor,
                    Colors(), StopEntity.Instance);
                var pending = CellPersistenceConfig.PendingPersistenceIds(options.Journal);
                var awaiting = new AwaitingPayments();
                system.ActorOf(Props.Create<StepRetryClock>(awaiting, options.StepRetryInterval), $"step-retry-clock-{options.CellId}");
                var payments = await sharding.StartAsync(
                    options.PaymentRegionName, entityId => Props.Create<PaymentActor>(entityId, settings, directory, awaiting),
                    ShardSettings(system, options, settings, remember: pending is null), extractor, Colors(), StopEntity.Instance);
                if (pending is not null)
                    system.ActorOf(Props.Create<PaymentResumer>(options.CellId, pending, payments, options.PendingPaymentSweepInterval), $"payment-resumer-{options.CellId}");
                var allEvents = CellPersistenceConfig.AllEvents(options.CellId, options.Journal);
                var auditor = await sharding.StartAsync(
                    CellNames.AuditRegion(options.CellId), _ => Props.Create(() => new LedgerAuditor(options.CellId, allEvents, pending)),
                    shardSettings, new AuditMessageExtractor(), new ActiveSiteAllocationStrategy(system, directory, options.CellId), PoisonPill.Instance);
                directory.Register(options.CellId, accounts, payments, auditor);
            });
    }
}
