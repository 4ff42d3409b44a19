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
            .WithClusterNode(new ClusterOptions { Roles = roles }, remotingPort)
            .AddStartup((system, _) =>
            {
                var cluster = Cluster.Get(system);
                cluster.Join(cluster.SelfAddress);
            });

    /// <summary>A node on 127.0.0.1 that joins the cluster through the given options (roles, seed nodes).</summary>
    public static AkkaConfigurationBuilder WithClusterNode(this AkkaConfigurationBuilder builder, ClusterOptions cluster, int remotingPort) =>
        builder
            .WithRemoting(new RemoteOptions { HostName = "127.0.0.1", Port = remotingPort })
            .WithClustering(cluster)
            .WithActorSystemLivenessCheck(tags: [HealthTags.Live, HealthTags.Ready])
            .WithAkkaClusterReadinessCheck(tags: [HealthTags.Ready]);
}
