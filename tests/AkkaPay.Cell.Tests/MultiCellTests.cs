using AkkaPay.Cell.Hosting;
using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Payments;
using AkkaPay.Domain.Routing;
using AkkaPay.Testing;
using Microsoft.Data.Sqlite;

namespace AkkaPay.Cell.Tests;

/// <summary>Four cells of 25 buckets in one node, each on its own journal.</summary>
[Collection(JournalsCollection.Name)]
public class MultiCellTests(JournalBackend journals)
{
    private static readonly RoutingTable FourCells = RoutingTable.Create(
        Enumerable.Range(0, 4).ToDictionary(i => $"c{i}", i => (IReadOnlyList<BucketRange>)[new BucketRange(i * 25, i * 25 + 24)]),
        Enumerable.Range(0, 4).ToDictionary(i => $"c{i}", _ => "site-a"));

    private async Task<CellNode> StartFourCells(
        string backend, Dictionary<string, Persistence.JournalOptions>? journalsByCell = null, Func<CellOptions, CellOptions>? configure = null)
    {
        journalsByCell ??= new Dictionary<string, Persistence.JournalOptions>();
        foreach (var cell in FourCells.Cells.Where(c => !journalsByCell.ContainsKey(c)))
            journalsByCell[cell] = await journals.NewJournalAsync(backend);
        // callers wait for cross-cell credits here (no in_transit answers) unless a test says otherwise
        configure ??= o => o with { CrossCellAnswerAfter = TimeSpan.FromSeconds(30) };
        return await CellNode.StartAsync(FourCells,
            FourCells.Cells.Select(c => configure(new CellOptions(c, journalsByCell[c]) { MerchantFeeBasisPoints = 60 })).ToList());
    }

    [Theory]
    [MemberData(nameof(JournalBackend.All), MemberType = typeof(JournalBackend))]
    public async Task A_cross_cell_payment_answers_in_transit_once_the_debit_is_durable_and_settles_after_the_credit(string backend)
    {
        await using var node = await StartFourCells(backend, configure: o => o with { CrossCellAnswerAfter = TimeSpan.Zero });
        var cell = new CellScenario(node);
        var alice = await cell.Open("2088000000000110");
        var shop = await cell.Open("2088000000000399", AccountType.Merchant);
        await cell.TopUp(alice, 10_000, "t1");

        var answer = await cell.PayMerchant(alice, shop, 5_000, "p1");
        var settled = await cell.AwaitPayment(answer.PaymentId, PaymentStatus.Succeeded);

        Assert.Equal(PaymentStatus.InTransit, answer.Status);
        Assert.Equal(5_000 - 30, await cell.Balance(shop));
        Assert.Equal(0, await cell.Balance(InternalAccounts.InTransit(Domain.Money.Currency.Cny, alice.Bucket)));
        Assert.Equal(["initiated", "succeeded"], settled.History.Select(s => s.Step));
        Assert.Equal(answer with { Status = PaymentStatus.Succeeded }, await cell.PayMerchant(alice, shop, 5_000, "p1"));
        await cell.AssertMoneyIsConserved();
    }

    [Theory]
    [MemberData(nameof(JournalBackend.All), MemberType = typeof(JournalBackend))]
    public async Task A_credit_refused_by_the_payees_cell_is_compensated_through_the_in_transit_account(string backend)
    {
        await using var node = await StartFourCells(backend);
        var cell = new CellScenario(node);
        var alice = await cell.Open("2088000000000110");
        var full = await cell.Open("2088000000000260");
        await cell.TopUp(alice, 1_000, "t1");
        await cell.TopUp(full, long.MaxValue, "t-max");

        var outcome = await cell.Transfer(alice, full, 400, "overflow");
        var failed = await cell.AwaitPayment(outcome.PaymentId, PaymentStatus.Failed);

        Assert.Equal("limit_exceeded", failed.Failure!.Code);
        Assert.Equal(["initiated", "compensating", "failed"], failed.History.Select(s => s.Step));
        Assert.Equal(1_000, await cell.Balance(alice));
        Assert.Equal(0, await cell.Balance(InternalAccounts.InTransit(Domain.Money.Currency.Cny, alice.Bucket)));
        await cell.AssertMoneyIsConserved();
    }

    [Theory]
    [MemberData(nameof(JournalBackend.All), MemberType = typeof(JournalBackend))]
    public async Task Money_moves_within_and_across_cells_and_is_conserved_over_all_of_them(string backend)
    {
        await using var node = await StartFourCells(backend);
        var cell = new CellScenario(node);
        var alice = await cell.Open("2088000000000110");             // bucket 10 → c0
        var carol = await cell.Open("2088000000000220");             // bucket 20 → c0
        var bob = await cell.Open("2088000000000230");               // bucket 30 → c1
        var shop = await cell.Open("2088000000000399", AccountType.Merchant); // bucket 99 → c3
        Assert.Equal(["c0", "c0", "c1", "c3"], new[] { alice, carol, bob, shop }.Select(node.Cells.CellOf));

        Assert.Equal(PaymentStatus.Succeeded, (await cell.TopUp(alice, 10_000, "t1")).Status);
        Assert.Equal(PaymentStatus.Succeeded, (await cell.Transfer(alice, carol, 1_000, "same-cell")).Status);
        Assert.Equal(PaymentStatus.Succeeded, (await cell.Transfer(alice, bob, 2_000, "to-c1")).Status);
        var paid = await cell.PayMerchant(alice, shop, 5_000, "p1");
        Assert.Equal((PaymentStatus.Succeeded, 30L), (paid.Status, paid.Fee));
        Assert.Equal(PaymentStatus.Succeeded, (await cell.Refund(PaymentId.Parse(paid.PaymentId), shop, alice, 1_000, "r1")).Status);
        Assert.Equal(PaymentStatus.Succeeded, (await cell.Transfer(bob, carol, 500, "back-to-c0")).Status);

        Assert.Equal(10_000 - 1_000 - 2_000 - 5_000 + 1_000, await cell.Balance(alice));
        Assert.Equal(1_500, await cell.Balance(carol));
        Assert.Equal(1_500, await cell.Balance(bob));
        Assert.Equal(5_000 - 30 - 1_000, await cell.Balance(shop));
        Assert.Equal(1_000, (await cell.Payment(paid.PaymentId)).Refunded);
        await cell.AssertMoneyIsConserved();

        var audits = await cell.Audit();
        Assert.Equal(Int128.Zero, audits.Aggregate(Int128.Zero, (sum, audit) => sum + audit.Sum));
        Assert.All(audits, audit => Assert.Equal(Int128.Zero, audit.InTransit));
        Assert.All(audits, audit => Assert.Empty(audit.CustomersBelowZero));
        Assert.Equal(["c0", "c1", "c2", "c3"], audits.Select(a => a.CellId));
        Assert.NotEqual(Int128.Zero, audits.Single(a => a.CellId == "c3").Sum);   // the merchant's cell holds money the others paid
    }

    [Fact]
    public async Task Each_cell_journals_only_its_own_accounts_and_payments()
    {
        var journalsByCell = new Dictionary<string, Persistence.JournalOptions>();
        foreach (var c in FourCells.Cells) journalsByCell[c] = await journals.NewJournalAsync(JournalBackend.Sqlite);
        await using (var node = await StartFourCells(JournalBackend.Sqlite, journalsByCell))
        {
            var cell = new CellScenario(node);
            var alice = await cell.Open("2088000000000110");
            var bob = await cell.Open("2088000000000230");
            await cell.TopUp(alice, 100, "t1");
            await cell.Transfer(alice, bob, 40, "x1");
        }

        await AssertJournalHolds(journalsByCell["c0"], "c0",
            ["account-2088000000000110", "account-9910156000000010", "account-9930156000000010", "payment-2088000000000110-t1", "payment-2088000000000110-x1"]);
        await AssertJournalHolds(journalsByCell["c1"], "c1", ["account-2088000000000230"]);
        await AssertJournalHolds(journalsByCell["c2"], "c2", []);
    }

    /// <summary>The cell's journal holds exactly these ledger streams, and sharding records of its own payment region only.</summary>
    private static async Task AssertJournalHolds(Persistence.JournalOptions journal, string cell, string[] ledger)
    {
        var ids = await PersistenceIds(journal);
        Assert.Equal(ledger, ids.Where(id => !id.Contains("sharding")));
        Assert.All(ids.Where(id => id.Contains("sharding")), id => Assert.Contains($"payment-{cell}", id));
    }

    [Theory]
    [MemberData(nameof(JournalBackend.All), MemberType = typeof(JournalBackend))]
    public async Task Fifty_parallel_cross_cell_debits_with_money_for_33_let_exactly_33_through(string backend)
    {
        await using var node = await StartFourCells(backend);
        var cell = new CellScenario(node);
        var alice = await cell.Open("2088000000000110");
        var payees = new[] { await cell.Open("2088000000000230"), await cell.Open("2088000000000360"), await cell.Open("2088000000000480") };
        await cell.TopUp(alice, 3_300, "t1");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => cell.Transfer(alice, payees[i % 3], 100, $"d{i}")));

        Assert.Equal(33, outcomes.Count(o => o.Status == PaymentStatus.Succeeded));
        Assert.Equal(0, await cell.Balance(alice));
        await cell.AssertMoneyIsConserved();
    }

    private static async Task<string[]> PersistenceIds(Persistence.JournalOptions journal)
    {
        await using var connection = new SqliteConnection(journal.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        // the journal creates its table when the cell starts; a cell that never started has none
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'event_journal'";
        if (await command.ExecuteScalarAsync() is null) return [];
        command.CommandText = "SELECT DISTINCT persistence_id FROM event_journal ORDER BY persistence_id";
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) ids.Add(reader.GetString(0));
        return [.. ids];
    }
}
