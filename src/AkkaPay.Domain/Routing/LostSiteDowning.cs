namespace AkkaPay.Domain.Routing;

/// <summary>A cluster member as a failover sees it: Up (or leaving), in a site, counted by the split-brain resolver or not.</summary>
/// <param name="CountsForQuorum">The resolver counts it: every member, or only the quorum nodes when the topology marks some.</param>
public sealed record MemberView(string Address, string Site, bool CountsForQuorum, bool Reachable);

/// <summary>
/// Which nodes a failover downs at once: the unreachable ones of the site the cell left, as an operator would with a
/// manual down, so the cell's shard coordinators and singletons move on without waiting for the split-brain
/// resolver's stable-after. Only when the reachable side holds a strict majority of the members the resolver counts:
/// then the resolver would down the same nodes once the membership is stable, and this only does it sooner; on any
/// other side (a minority, a tie) nothing is downed here and the resolver decides.
/// </summary>
public static class LostSiteDowning
{
    /// <returns>The addresses to down; none when this side does not hold the majority.</returns>
    public static IReadOnlyList<string> NodesToDown(IReadOnlyCollection<MemberView> members, string lostSite)
    {
        var counted = members.Where(member => member.CountsForQuorum).ToList();
        if (counted.Count(member => member.Reachable) * 2 <= counted.Count) return [];
        return [.. members.Where(member => member.Site == lostSite && !member.Reachable).Select(member => member.Address)];
    }
}
