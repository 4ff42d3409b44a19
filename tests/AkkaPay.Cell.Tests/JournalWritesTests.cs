using AkkaPay.Cell.Payments;
using AkkaPay.Cell.Persistence;
using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Payments;
using AkkaPay.Testing;
using Microsoft.Data.Sqlite;

namespace AkkaPay.Cell.Tests;

/// <summary>
/// Journal writes are the cost of a payment: these are the counts docs/architecture.md promises. Ledger writes
/// are the accounts' and payments' own events; there are no others (sharding remembers no payment: the journal's
/// list of pending payments rides in the same transactions, ADR 7).
/// </summary>
[Collection(JournalsCollection.Name)]
public class JournalWritesTests(JournalBackend journals)
{
    [Fact]
    public async Task Each_flow_costs_the_documented_number_of_journal_writes()
    {
        var journal = await journals.NewJournalAsync(JournalBackend.Sqlite);
        await using var node = await CellNode.StartAsync(journal, o => o with { MerchantFeeBasisPoints = 60 });
        var cell = new CellScenario(node);
        var alice = await cell.Open("2088000000000137");
        var bob = await cell.Open("2088000000000242");
        var shop = await cell.Open("2088000000000399", AccountType.Merchant);

        Assert.Equal((4, 0), await WritesOf(journal, cell, () => cell.TopUp(alice, 10_000, "t1")));
        Assert.Equal((4, 0), await WritesOf(journal, cell, () => cell.Transfer(alice, bob, 100, "x1")));
        Assert.Equal((4, 0), await WritesOf(journal, cell, () => cell.Withdraw(bob, 50, "w1")));
        Assert.Equal((5, 0), await WritesOf(journal, cell, () => cell.PayMerchant(alice, shop, 1_000, "p1")));
        Assert.Equal((5, 0), await WritesOf(journal, cell, () => cell.Refund(PaymentId.Parse("2088000000000137-p1"), shop, alice, 100, "r1")));
        Assert.Equal((2, 0), await WritesOf(journal, cell, () => cell.Transfer(alice, bob, 1_000_000, "too-much")));
        Assert.Equal((1, 0), await WritesOf(journal, cell, () => cell.Transfer(alice, AccountId.Parse("2088000000000999"), 1, "nobody")));
        Assert.Equal((0, 0), await WritesOf(journal, cell, () => cell.Transfer(alice, bob, 100, "x1")));
        // every one of those payments finished (or was rejected), so none is left pending
        Assert.Empty(await CellPersistenceConfig.PendingPersistenceIds(journal)!());
    }

    [Fact]
    public async Task The_sqlite_journal_runs_in_wal_mode_with_full_sync()
    {
        var journal = await journals.NewJournalAsync(JournalBackend.Sqlite);
        await using var node = await CellNode.StartAsync(journal);
        await using var connection = new SqliteConnection(journal.ConnectionString);
        await connection.OpenAsync();
        Assert.Equal("wal", await Scalar(connection, "PRAGMA journal_mode;"));
        Assert.Equal(2L, await Scalar(connection, "PRAGMA synchronous;"));
    }

    /// <remarks>
    /// Counted once the payment is read back: a success is answered before its outcome is written (ADR 9), and the
    /// payment answers a read only after that write.
    /// </remarks>
    private static async Task<(long Ledger, long Sharding)> WritesOf(JournalOptions journal, CellScenario cell, Func<Task<PaymentOutcome>> flow)
    {
        var (ledger, sharding) = await JournalRows(journal);
        var outcome = await flow();
        await cell.Payment(outcome.PaymentId);
        var (ledgerAfter, shardingAfter) = await JournalRows(journal);
        return (ledgerAfter - ledger, shardingAfter - sharding);
    }

    private static async Task<(long Ledger, long Sharding)> JournalRows(JournalOptions journal)
    {
        await using var connection = new SqliteConnection(journal.ConnectionString);
        await connection.OpenAsync();
        var ledger = (long)(await Scalar(connection,
            "SELECT COUNT(*) FROM event_journal WHERE persistence_id LIKE 'account-%' OR persistence_id LIKE 'payment-%';"))!;
        var all = (long)(await Scalar(connection, "SELECT COUNT(*) FROM event_journal;"))!;
        return (ledger, all - ledger);
    }

    private static async Task<object?> Scalar(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
