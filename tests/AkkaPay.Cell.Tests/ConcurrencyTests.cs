using AkkaPay.Domain;
using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Payments;
using AkkaPay.Testing;

namespace AkkaPay.Cell.Tests;

[Collection(JournalsCollection.Name)]
public class ConcurrencyTests(JournalBackend journals)
{
    [Theory]
    [MemberData(nameof(JournalBackend.All), MemberType = typeof(JournalBackend))]
    public async Task Fifty_parallel_debits_with_money_for_33_let_exactly_33_through(string backend)
    {
        await using var node = await CellNode.StartAsync(await journals.NewJournalAsync(backend));
        var cell = new CellScenario(node);
        var alice = await cell.Open("2088000000000137");
        var payees = new[] { await cell.Open("2088000000000242"), await cell.Open("2088000000000343") };
        await cell.TopUp(alice, 3_300, "t1");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => cell.Transfer(alice, payees[i % 2], 100, $"d{i}")));

        Assert.Equal(33, outcomes.Count(o => o.Status == PaymentStatus.Succeeded));
        Assert.Equal(17, outcomes.Count(o => o.Failure?.Code == RejectionCodes.InsufficientFunds));
        Assert.Equal(0, await cell.Balance(alice));
        Assert.Equal(3_300, await cell.Balance(payees[0]) + await cell.Balance(payees[1]));
        await cell.AssertMoneyIsConserved();
    }

    [Theory]
    [MemberData(nameof(JournalBackend.All), MemberType = typeof(JournalBackend))]
    public async Task Parallel_payments_and_refunds_on_one_merchant_never_refund_more_than_was_paid(string backend)
    {
        await using var node = await CellNode.StartAsync(await journals.NewJournalAsync(backend), o => o with { MerchantFeeBasisPoints = 0 });
        var cell = new CellScenario(node);
        var shop = await cell.Open("2088000000000399", AccountType.Merchant);
        var payers = new List<AccountId>();
        for (var i = 0; i < 10; i++) payers.Add(await cell.Open($"20880000000010{i:00}"));
        var paid = new List<PaymentId>();
        foreach (var payer in payers)
        {
            await cell.TopUp(payer, 1_500, "t1");
            paid.Add(PaymentId.Parse((await cell.PayMerchant(payer, shop, 1_000, "p1")).PaymentId));
        }

        // four refunds of 300 per payment of 1,000 (only three fit), raced against ten new payments of 500
        var refunds = Enumerable.Range(0, 40).Select(i => cell.Refund(paid[i % 10], shop, payers[i % 10], 300, $"r{i}"));
        var payments = payers.Select(payer => cell.PayMerchant(payer, shop, 500, "p2"));
        var refundOutcomes = await Task.WhenAll(refunds);
        var paymentOutcomes = await Task.WhenAll(payments);

        Assert.Equal(30, refundOutcomes.Count(o => o.Status == PaymentStatus.Succeeded));
        Assert.Equal(10, refundOutcomes.Count(o => o.Failure?.Code == RejectionCodes.RefundExceedsPayment));
        Assert.All(paymentOutcomes, o => Assert.Equal(PaymentStatus.Succeeded, o.Status));
        Assert.Equal(10_000 + 5_000 - 30 * 300, await cell.Balance(shop));
        foreach (var payment in paid) Assert.Equal(900, (await cell.Payment(payment.Value)).Refunded);
        await cell.AssertMoneyIsConserved();
    }
}
