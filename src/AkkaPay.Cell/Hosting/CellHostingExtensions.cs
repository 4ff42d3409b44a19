using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using AkkaPay.Cell.Accounts;
using AkkaPay.Cell.Payments;
using AkkaPay.Cell.Persistence;
using AkkaPay.Cell.Serialization;
using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Money;
using AkkaPay.Domain.Payments;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AkkaPay.Cell.Hosting;

public static class CellHostingExtensions
{
    /// <summary>The serializer for every AkkaPay event, snapshot and message.</summary>
    public static AkkaConfigurationBuilder WithAkkaPaySerializer(this AkkaConfigurationBuilder builder) =>
        builder.WithCustomSerializer(
            "akkapay",
            [typeof(IAkkaPayMessage), typeof(AccountEvent), typeof(PaymentEvent)],
            system => new AkkaPaySerializer(system));

    /// <summary>One cell: its journal and snapshot store, and its account and payment shard regions on nodes with its role.</summary>
    public static AkkaConfigurationBuilder WithCell(this AkkaConfigurationBuilder builder, CellOptions options, TimeProvider clock)
    {
        if (options.Journal.Provider == JournalProvider.Sqlite) SqliteJournalFile.Prepare(options.Journal.ConnectionString);

        var settings = new CellSettings(
            options.CellId,
            CellPersistenceConfig.JournalPluginId(options.CellId),
            CellPersistenceConfig.SnapshotPluginId(options.CellId),
            options.SnapshotEvery,
            new FeeRate(options.MerchantFeeBasisPoints),
            options.StepRetryInterval,
            clock);
        var shardOptions = new ShardOptions
        {
            Role = options.Role,
            StateStoreMode = StateStoreMode.DData,
            RememberEntities = false,
            ShouldPassivateIdleEntities = true,
            PassivateIdleEntityAfter = options.PassivateIdleAfter,
        };
        var extractor = new CellMessageExtractor();

        return builder
            .AddHocon(CellPersistenceConfig.For(options.CellId, options.Journal), HoconAddMode.Prepend)
            .WithHealthCheck(
                $"cell-{options.CellId}-regions",
                (_, registry, _) => Task.FromResult(registry.TryGet<AccountRegion>(out _) && registry.TryGet<PaymentRegion>(out _)
                    ? HealthCheckResult.Healthy($"cell {options.CellId}: shard regions started")
                    : HealthCheckResult.Unhealthy($"cell {options.CellId}: shard regions not started")),
                tags: [HealthTags.Ready])
            .WithShardRegion<AccountRegion>(
                options.AccountRegionName,
                (_, _) => entityId => Props.Create(() => new AccountActor(entityId, settings)),
                extractor,
                shardOptions)
            .WithShardRegion<PaymentRegion>(
                options.PaymentRegionName,
                (system, _) => entityId => Props.Create(() => new PaymentActor(
                    entityId,
                    settings,
                    ClusterSharding.Get(system).ShardRegion(options.AccountRegionName),
                    ClusterSharding.Get(system).ShardRegion(options.PaymentRegionName))),
                extractor,
                shardOptions);
    }
}
