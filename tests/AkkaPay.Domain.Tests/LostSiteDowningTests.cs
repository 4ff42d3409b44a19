using AkkaPay.Domain.Routing;

namespace AkkaPay.Domain.Tests;

public class LostSiteDowningTests
{
    private static MemberView Node(string address, string site, bool reachable, bool quorum = true) => new(address, site, quorum, reachable);

    [Fact]
    public void A_majority_downs_the_unreachable_nodes_of_the_lost_site_and_nothing_else()
    {
        MemberView[] members =
        [
            Node("router", "site-a", reachable: true), Node("c0-a", "site-a", reachable: false), Node("c1-a", "site-a", reachable: true),
            Node("c0-b", "site-b", reachable: true), Node("c1-b", "site-b", reachable: false),
        ];

        Assert.Equal(["c0-a"], LostSiteDowning.NodesToDown(members, "site-a"));
    }

    [Fact]
    public void A_side_without_a_strict_majority_downs_nothing_and_leaves_it_to_the_split_brain_resolver()
    {
        MemberView[] half = [Node("a1", "site-a", reachable: false), Node("a2", "site-a", reachable: false), Node("b1", "site-b", reachable: true), Node("b2", "site-b", reachable: true)];
        MemberView[] minority = [Node("a1", "site-a", reachable: false), Node("a2", "site-a", reachable: false), Node("b1", "site-b", reachable: true)];

        Assert.Empty(LostSiteDowning.NodesToDown(half, "site-a"));
        Assert.Empty(LostSiteDowning.NodesToDown(minority, "site-a"));
    }

    [Fact]
    public void With_quorum_nodes_only_they_decide_the_majority()
    {
        // site-a held most nodes, but the witness and site-b's router are two of the three quorum nodes
        MemberView[] members =
        [
            Node("router-a", "site-a", reachable: false), Node("c0-a", "site-a", reachable: false, quorum: false), Node("c1-a", "site-a", reachable: false, quorum: false),
            Node("router-b", "site-b", reachable: true), Node("c0-b", "site-b", reachable: true, quorum: false),
            Node("witness", "site-c", reachable: true),
        ];

        Assert.Equal(["router-a", "c0-a", "c1-a"], LostSiteDowning.NodesToDown(members, "site-a"));
        Assert.Empty(LostSiteDowning.NodesToDown([.. members.Select(m => m.Address == "witness" ? m with { Reachable = false } : m)], "site-a"));
    }
}
