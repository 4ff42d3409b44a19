using AkkaPay.Cell.Accounts;
using AkkaPay.Cell.Hosting;
using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Money;
using AkkaPay.Domain.Routing;
using AkkaPay.Testing;

namespace AkkaPay.Api.Tests;

/// <summary>A cell that is down takes only its own buckets down: the router says so, the other cells keep serving.</summary>
[Collection(JournalsCollection.Name)]
public class FailureIsolationTests(JournalBackend journals)
{
    private static readonly RoutingTable TwoCells = TestRoutings.TwoCells;

    /// <summary>The router learns of new members a gossip round after they see themselves Up.</summary>
    private static Task RouterSees(CellGateway gateway, params string[] cells) =>
        Probe.Until(() => cells.All(gateway.IsReachable), TimeSpan.FromSeconds(30), "the router did not see the cells' nodes Up");

    [Fact]
    public async Task When_a_cells_only_node_is_gone_its_accounts_are_unavailable_and_the_other_cell_still_answers()
    {
        var seedPort = FreePort.Next();
        await using var router = await CellNode.StartClusterNodeAsync(TwoCells, [], seedPort, seedPort);
        await using var c0 = await CellNode.StartClusterNodeAsync(TwoCells, [new CellOptions("c0", await journals.NewJournalAsync(JournalBackend.Sqlite))], FreePort.Next(), seedPort);
        var gateway = new CellGateway(router.Cells, new ApiOptions { AdminToken = "unused" }, router.System);
        var alice = AccountId.Parse("2088000000000110");
        var bob = AccountId.Parse("2088000000000260");
        await using (var c1 = await CellNode.StartClusterNodeAsync(TwoCells, [new CellOptions("c1", await journals.NewJournalAsync(JournalBackend.Sqlite))], FreePort.Next(), seedPort))
        {
            await RouterSees(gateway, "c0", "c1");
            Assert.IsType<AccountView>(await gateway.AskAccount(new OpenAccount(alice, AccountType.Personal, Currency.Cny, "t"), CancellationToken.None));
            Assert.IsType<AccountView>(await gateway.AskAccount(new OpenAccount(bob, AccountType.Personal, Currency.Cny, "t"), CancellationToken.None));
        }

        var fromGoneCell = await gateway.AskAccount(new GetAccount(bob), CancellationToken.None);
        var fromLiveCell = await gateway.AskAccount(new GetAccount(alice), CancellationToken.None);

        Assert.Null(fromGoneCell);   // the router answers 503 cell_unavailable with Retry-After
        Assert.True(Assert.IsType<AccountView>(fromLiveCell).Exists);
    }
}
