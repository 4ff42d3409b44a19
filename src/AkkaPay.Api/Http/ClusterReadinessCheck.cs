using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using AkkaPay.Cell.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AkkaPay.Api.Http;

/// <summary>Ready = this node is an Up member of the cluster and the cell's shard regions are started.</summary>
public sealed class ClusterReadinessCheck(ActorSystem system, ActorRegistry registry) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = Cluster.Get(system).SelfMember.Status;
        if (status != MemberStatus.Up) return Task.FromResult(HealthCheckResult.Unhealthy($"cluster member status is {status}"));
        if (!registry.TryGet<AccountRegion>(out _) || !registry.TryGet<PaymentRegion>(out _))
            return Task.FromResult(HealthCheckResult.Unhealthy("shard regions not started"));
        return Task.FromResult(HealthCheckResult.Healthy("joined the cluster, regions up"));
    }
}

/// <summary>Live = the actor system has not terminated.</summary>
public sealed class ActorSystemLivenessCheck(ActorSystem system) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(system.WhenTerminated.IsCompleted
            ? HealthCheckResult.Unhealthy("actor system terminated")
            : HealthCheckResult.Healthy());
}
