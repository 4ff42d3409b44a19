using AkkaPay.Cell.Persistence;
using AkkaPay.Chaos.Servers;
using AkkaPay.Domain.Payments;
using AkkaPay.Testing;

namespace AkkaPay.Cell.Tests;

/// <summary>
/// Every node of a cell creates the cell's journal tables when it starts: nodes starting at once must not fail for
/// having met another's creation half done, and a node started before its database answers must wait for it.
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

    [Fact]
    public async Task A_node_started_before_its_cell_database_exists_serves_once_it_does()
    {
        var server = await journals.PostgresAsync();
        var database = $"akkapay_late_{Guid.NewGuid():N}";
        var starting = CellNode.StartWithRoutingApartAsync(new JournalOptions(JournalProvider.Postgres, server.ConnectionString(database)));
        await Probe.Until(() => ServerLog(server).Contains($"database \"{database}\" does not exist"), TimeSpan.FromSeconds(30),
            "the node never tried its cell's database");
        Assert.False(starting.IsCompleted, "the node was ready without its cell's database");

        await server.CreateDatabaseAsync(database);
        await using var node = await starting;
        var cell = new CellScenario(node);
        var alice = await cell.Open("2088000000000137");
        Assert.Equal(PaymentStatus.Succeeded, (await cell.TopUp(alice, 500, "t1")).Status);
        Assert.Equal(500, await cell.Balance(alice));
    }

    private static string ServerLog(PostgresServer server)
    {
        using var reader = new StreamReader(new FileStream(server.LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        return reader.ReadToEnd();
    }
}
