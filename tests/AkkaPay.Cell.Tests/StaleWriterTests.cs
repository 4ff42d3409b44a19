using AkkaPay.Cell.Accounts;
using AkkaPay.Cell.Persistence;
using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Payments;
using AkkaPay.Testing;

namespace AkkaPay.Cell.Tests;

/// <summary>
/// An account entity that another writer overtook (a second incarnation of it wrote the next event while this one
/// still ran) recovers the other's events before it books anything more, instead of going on from its stale state.
/// </summary>
[Collection(JournalsCollection.Name)]
public class StaleWriterTests(JournalBackend journals)
{
    [Theory]
    [MemberData(nameof(JournalBackend.All), MemberType = typeof(JournalBackend))]
    public async Task An_account_whose_next_sequence_number_another_writer_took_recovers_and_books_on_top_of_it(string backend)
    {
        await using var node = await CellNode.StartAsync(await journals.NewJournalAsync(backend));
        var cell = new CellScenario(node);
        var alice = await cell.Open("2088000000000137");
        var bob = await cell.Open("2088000000000242");
        await cell.TopUp(alice, 1_000, "t1");
        Assert.Equal(1_000, await cell.Balance(alice));   // the live entity holds 1,000 in memory

        // the other incarnation books a credit of 50 at the next sequence number
        var other = new AccountEntry("2088000000000242-o1/credit", "2088000000000242-o1", 50, 1_050, DateTimeOffset.UtcNow);
        await JournalWrites.Write(node.System, AccountActor.PersistenceIdPrefix + alice.Value, CellPersistenceConfig.JournalPluginId("c0"), new AccountPosted(other, "trace"));

        // the live entity's write of the debit is refused (its sequence number is taken); it recovers, and the
        // payment's resend is booked on top of the other writer's credit
        var transfer = await cell.Transfer(alice, bob, 300, "x1");

        Assert.Equal(PaymentStatus.Succeeded, transfer.Status);
        Assert.Equal(750, await cell.Balance(alice));
        var entries = await cell.Entries(alice);
        Assert.Equal(["2088000000000137-t1/credit", other.PostingId, "2088000000000137-x1/debit"], entries.Select(e => e.PostingId).Reverse());
        Assert.Equal([1_000L, 1_050, 750], entries.Select(e => e.BalanceAfter).Reverse());
    }
}
