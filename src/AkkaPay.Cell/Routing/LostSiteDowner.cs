using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using AkkaPay.Domain.Routing;

namespace AkkaPay.Cell.Routing;

/// <summary>
/// Downs the unreachable nodes of a site a cell has just been failed over from, when this node's side of the cluster
/// holds the split-brain resolver's majority (<see cref="LostSiteDowning"/>): the cell's shard coordinators ran on
/// one of them, and they start again only once it is removed.
/// </summary>
public static class LostSiteDowner
{
    private const string QuorumRolePath = "akka.cluster.split-brain-resolver.keep-majority.role";

    public static void DownUnreachable(ActorSystem system, string lostSite, IReadOnlyList<string> sites, ILoggingAdapter log)
    {
        var cluster = Cluster.Get(system);
        var state = cluster.State;
        var quorumRole = system.Settings.Config.GetString(QuorumRolePath, "");
        var upOrLeaving = state.Members.Where(m => m.Status is MemberStatus.Up or MemberStatus.Leaving).ToList();
        var toDown = LostSiteDowning.NodesToDown([.. upOrLeaving.Select(m => new MemberView(m.Address.ToString(), sites.FirstOrDefault(m.HasRole) ?? "",
            CountsForQuorum: quorumRole.Length == 0 || m.HasRole(quorumRole), Reachable: !state.Unreachable.Contains(m)))], lostSite);
        foreach (var address in upOrLeaving.Select(m => m.Address).Where(address => toDown.Contains(address.ToString())))
        {
            log.Warning("{0} lost: downing its unreachable node {1} (this side of the cluster holds the majority)", lostSite, address);
            cluster.Down(address);
        }
    }
}
