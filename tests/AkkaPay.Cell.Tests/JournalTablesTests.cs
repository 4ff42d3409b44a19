using AkkaPay.Cell.Persistence;
using AkkaPay.Testing;

namespace AkkaPay.Cell.Tests;

/// <summary>
/// Every node of a cell creates the cell's journal tables when it starts, and a cluster's nodes start at once: none of
/// them may fail for having met another's creation half done (a node that cannot create them stays not ready).
/// </summary>
[Collection(JournalsCollection.Name)]
public class JournalTablesTests(JournalBackend journals)
{
    private const int NodesStartingAtOnce = 8;
    private const int Rounds = 5;

    [Theory]
    [MemberData(nameof(JournalBackend.All), MemberType = typeof(JournalBackend))]
    public async Task Nodes_starting_at_once_each_find_or_create_the_journal_tables(string backend)
    {
        for (var round = 0; round < Rounds; round++)
        {
            var journal = await journals.NewJournalAsync(backend);
            using var together = new Barrier(NodesStartingAtOnce);
            var nodes = Enumerable.Range(0, NodesStartingAtOnce).Select(_ => Task.Factory.StartNew(() =>
            {
                together.SignalAndWait();
                CellPersistenceConfig.CreateJournalTables(journal);
            }, TaskCreationOptions.LongRunning));

            await Task.WhenAll(nodes);

            Assert.Empty(await CellPersistenceConfig.PendingPersistenceIds(journal)!());
        }
    }
}
