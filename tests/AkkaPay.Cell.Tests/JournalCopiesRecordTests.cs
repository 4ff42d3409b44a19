using AkkaPay.Cell.Persistence;

namespace AkkaPay.Cell.Tests;

public class JournalCopiesRecordTests
{
    [Fact]
    public void A_copy_holds_everything_when_shared_or_synchronous_with_the_active_site_the_record_names()
    {
        var synchronous = new JournalCopiesRecord("site-a", Shared: false, SynchronousSites: ["site-b"]);
        Assert.True(synchronous.HoldsEverythingFor("site-a", "site-b"));
        Assert.False(synchronous.HoldsEverythingFor("site-a", "site-c"));
        Assert.False(new JournalCopiesRecord("site-a", Shared: false, SynchronousSites: []).HoldsEverythingFor("site-a", "site-b"));
        Assert.True(new JournalCopiesRecord("site-a", Shared: true, SynchronousSites: []).HoldsEverythingFor("site-a", "site-b"));
        // after a failover to site-b, the record of site-a's primary says nothing of failing back to it
        Assert.False(synchronous.HoldsEverythingFor("site-b", "site-a"));
    }

    [Fact]
    public void The_same_facts_seen_again_are_the_same_record()
    {
        var seen = new JournalCopiesRecord("site-a", Shared: false, SynchronousSites: ["site-b"]);
        Assert.Equal(seen, new JournalCopiesRecord("site-a", Shared: false, SynchronousSites: new List<string> { "site-b" }));
        Assert.NotEqual(seen, new JournalCopiesRecord("site-a", Shared: false, SynchronousSites: []));
        Assert.NotEqual(seen, seen with { ActiveSite = "site-b" });
    }
}
