using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Remote.Hosting;

namespace AkkaPay.Cell.Hosting;

public static class ClusterNodeExtensions
{
    /// <summary>
    /// A cluster of one node on loopback that joins itself: the embedded default, where one process carries
    /// the router and every cell. Split-brain resolution stays Akka's default (keep-majority).
    /// </summary>
    public static AkkaConfigurationBuilder WithSelfJoiningCluster(this AkkaConfigurationBuilder builder, string[] roles, int remotingPort = 0) =>
        builder
            .WithRemoting(new RemoteOptions { HostName = "127.0.0.1", Port = remotingPort })
            .WithClustering(new ClusterOptions { Roles = roles })
            .WithActorSystemLivenessCheck(tags: [HealthTags.Live, HealthTags.Ready])
            .WithAkkaClusterReadinessCheck(tags: [HealthTags.Ready])
            .AddStartup((system, _) =>
            {
                var cluster = Cluster.Get(system);
                cluster.Join(cluster.SelfAddress);
            });
}
