using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Hosting;
using Akka.Remote.Hosting;

namespace AkkaPay.Cell.Hosting;

public static class ClusterNodeExtensions
{
    /// <summary>
    /// How long a node must stay unreachable, with the membership otherwise stable, before the split-brain
    /// resolver downs it. Long enough to ride out a GC pause or a busy CPU on the 2-core machines; short enough
    /// that a killed cell's shards and singletons move within seconds rather than the minute it would take a
    /// human to notice.
    /// </summary>
    public static readonly TimeSpan DownUnreachableAfter = TimeSpan.FromSeconds(7);

    /// <summary>
    /// How long singletons (the cells' shard coordinators among them) wait after a downed node is removed before they
    /// start on another node. Akka's default is the split-brain resolver's stable-after; ADR 14 says why less is safe here.
    /// </summary>
    public static readonly TimeSpan RemovalMargin = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How soon a node whose join went unanswered asks again. A process started again on the same address is not
    /// let in until the leader has removed its old incarnation, which it starts doing at the first join; with
    /// Akka's default (10 s) a killed and restarted node waited that long for its second try, and the removal takes
    /// about a second now (<see cref="MembershipGossip"/>).
    /// </summary>
    public static readonly TimeSpan JoinRetry = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often nodes gossip the membership and the leader acts on it (removes downed nodes, lets joining ones in).
    /// A killed cell's restarted nodes wait for two of the leader's rounds, each after gossip reached every node:
    /// with Akka's defaults (1 s each) a killed cell served again 15 s after its restart, with 500 ms 10 s
    /// (docs/benchmarks.md). Seven processes on loopback gossip a few hundred bytes a second more.
    /// </summary>
    public static readonly TimeSpan MembershipGossip = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How long remoting drops messages to a node whose connection failed before it tries again. With Akka's 5 s, a killed
    /// node restarted on its address now and then first reached the router just as that gate lifted, and then the router's
    /// messages never reached it: the router's InitJoinAcks and heartbeats were lost, the split-brain resolver downed both
    /// ends of the link — the router with it — and every cell was unavailable until they restarted. A process needs more
    /// than a second to start again, so with a 1 s gate the old connection is long gone when the new one arrives.
    /// </summary>
    public static readonly TimeSpan RemotingRetryGate = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The largest message remoting carries. Akka's default (128 000 bytes) is less than a full page of an
    /// account's entries (1000 of them), and a message over the limit is dropped, so the router's ask would
    /// time out as though the cell were down. The socket buffers hold two frames.
    /// </summary>
    public const int RemoteFrameSizeMax = 1024 * 1024;

    /// <summary>
    /// A cluster of one node on loopback that joins itself: the embedded default, where one process carries
    /// the router and every cell.
    /// </summary>
    public static AkkaConfigurationBuilder WithSelfJoiningCluster(this AkkaConfigurationBuilder builder, string[] roles, int remotingPort = 0) =>
        builder
            .WithClusterNode(roles, seedNodes: [], remotingPort)
            .AddStartup((system, _) =>
            {
                var cluster = Cluster.Get(system);
                cluster.Join(cluster.SelfAddress);
            });

    /// <summary>
    /// A node on 127.0.0.1 with these roles that joins the cluster through the seed nodes. Split-brain
    /// resolution is keep-majority: the side with more nodes downs the unreachable rest, so a killed process
    /// is downed and its shards move (or wait for it), and a minority never keeps running a cell's entities
    /// alongside the majority. With <paramref name="quorumRole"/>, only the nodes with that role count (ADR 13).
    /// </summary>
    public static AkkaConfigurationBuilder WithClusterNode(this AkkaConfigurationBuilder builder, string[] roles, string[] seedNodes, int remotingPort,
        string? quorumRole = null) =>
        builder
            .AddHocon($"akka.cluster.split-brain-resolver.stable-after = {DownUnreachableAfter.TotalSeconds}s", HoconAddMode.Prepend)
            .AddHocon($"akka.cluster.down-removal-margin = {RemovalMargin.TotalSeconds}s", HoconAddMode.Prepend)
            .AddHocon($"akka.cluster.retry-unsuccessful-join-after = {JoinRetry.TotalMilliseconds}ms", HoconAddMode.Prepend)
            .AddHocon($"akka.cluster.gossip-interval = {MembershipGossip.TotalMilliseconds}ms", HoconAddMode.Prepend)
            .AddHocon($"akka.cluster.leader-actions-interval = {MembershipGossip.TotalMilliseconds}ms", HoconAddMode.Prepend)
            .AddHocon($"akka.remote.retry-gate-closed-for = {RemotingRetryGate.TotalMilliseconds}ms", HoconAddMode.Prepend)
            .WithRemoting(new RemoteOptions
            {
                HostName = "127.0.0.1",
                Port = remotingPort,
                MaxFrameSize = RemoteFrameSizeMax,
                SendBufferSize = 2 * RemoteFrameSizeMax,
                ReceiveBufferSize = 2 * RemoteFrameSizeMax,
            })
            .WithClustering(new ClusterOptions { Roles = roles, SeedNodes = seedNodes, SplitBrainResolver = new KeepMajorityOption { Role = quorumRole } })
            .WithActorSystemLivenessCheck(tags: [HealthTags.Live, HealthTags.Ready])
            .WithAkkaClusterReadinessCheck(tags: [HealthTags.Ready]);
}
