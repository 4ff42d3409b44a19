using Akka.Actor;
using Akka.Cluster.Sharding;
using AkkaPay.Cell.Accounts;
using AkkaPay.Cell.Hosting;
using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Money;
using AkkaPay.Testing;

namespace AkkaPay.Cell.Tests;

/// <summary>
/// An account entity stopped by its shard (hand-off to the other color, passivation) while postings are still being
/// written stops only once they are in the journal and answered: otherwise its successor on the other node recovers
/// without them, and the late writes land beside the successor's (a chaos run found postings booked twice so).
/// </summary>
[Collection(JournalsCollection.Name)]
public class AccountHandOffTests(JournalBackend journals)
{
    [Theory]
    [MemberData(nameof(JournalBackend.All), MemberType = typeof(JournalBackend))]
    public async Task A_stopped_account_answers_every_posting_it_wrote_before_it_stops(string backend)
    {
        await using var node = await CellNode.StartAsync(await journals.NewJournalAsync(backend));
        var cell = new CellScenario(node);
        var account = await cell.Open("2088000000000318");
        var replies = Inbox.Create(node.System);
        var region = node.Cells.AccountsOf(account);
        const int Postings = 200;

        var entity = await node.System.ActorSelection($"{region.Path}/{new CellMessageExtractor().ShardId(account.Value)}/{account.Value}").ResolveOne(TimeSpan.FromSeconds(5));
        replies.Watch(entity);
        for (var i = 0; i < Postings; i++)
            region.Tell(new PostToAccount(new Posting($"{account.Value}-h{i}/credit", $"{account.Value}-h{i}", account, 10, Currency.Cny, "trace", DateTimeOffset.UtcNow)), replies.Receiver);
        Assert.IsType<Posted>(await replies.ReceiveAsync(TimeSpan.FromSeconds(10)));   // the writes are flowing
        // passivated by its shard, which sends it StopEntity as on hand-off: behind the postings, their writes still out
        var shard = await node.System.ActorSelection(entity.Path.Parent).ResolveOne(TimeSpan.FromSeconds(5));
        shard.Tell(new Passivate(StopEntity.Instance), entity);
        var answered = 1;
        object last;
        while ((last = await replies.ReceiveAsync(TimeSpan.FromSeconds(10))) is Posted) answered++;
        Assert.IsType<Terminated>(last);

        var booked = (await cell.Entries(account)).Count(e => e.PostingId.Contains("-h", StringComparison.Ordinal));
        Assert.Equal(booked, answered);
    }
}
