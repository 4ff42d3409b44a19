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
        var members = state.Members
            .Where(m => m.Status is MemberStatus.Up or MemberStatus.Leaving)
            .ToDictionary(m => m.Address.ToString(), m => new MemberView(m.Address.ToString(), sites.FirstOrDefault(m.HasRole) ?? "",
                CountsForQuorum: quorumRole.Length == 0 || m.HasRole(quorumRole), Reachable: !state.Unreachable.Contains(m)));
        var toDown = LostSiteDowning.NodesToDown(members.Values, lostSite);
        foreach (var address in state.Members.Where(m => toDown.Contains(m.Address.ToString())).Select(m => m.Address))
        {
            log.Warning("{0} lost: downing its unreachable node {1} (this side of the cluster holds the majority)", lostSite, address);
            cluster.Down(address);
        }
    }
}
