using AkkaPay.Domain;
using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Money;
using AkkaPay.Domain.Payments;
using AkkaPay.Testing;

namespace AkkaPay.Cell.Tests;

[Collection(JournalsCollection.Name)]
public class FlowTests(JournalBackend journals)
{
    [Theory]
    [MemberData(nameof(JournalBackend.All), MemberType = typeof(JournalBackend))]
    public async Task Top_up_transfer_payment_refund_and_withdrawal_move_money_and_conserve_it(string backend)
    {
        await using var node = await CellNode.StartAsync(await journals.NewJournalAsync(backend), o => o with { MerchantFeeBasisPoints = 60 });
        var cell = new CellScenario(node);
        var alice = await cell.Open("2088000000000137");
        var bob = await cell.Open("2088000000000242");
        var shop = await cell.Open("2088000000000399", AccountType.Merchant);

        Assert.Equal(PaymentStatus.Succeeded, (await cell.TopUp(alice, 10_000, "t1")).Status);
        Assert.Equal(PaymentStatus.Succeeded, (await cell.Transfer(alice, bob, 2_500, "x1")).Status);
        var paid = await cell.PayMerchant(alice, shop, 5_000, "p1");
        Assert.Equal((PaymentStatus.Succeeded, 30L), (paid.Status, paid.Fee));
        Assert.Equal(PaymentStatus.Succeeded, (await cell.Refund(PaymentId.Parse(paid.PaymentId), shop, alice, 1_000, "r1")).Status);
        Assert.Equal(PaymentStatus.Succeeded, (await cell.Withdraw(bob, 500, "w1")).Status);

        Assert.Equal(10_000 - 2_500 - 5_000 + 1_000, await cell.Balance(alice));
        Assert.Equal(2_000, await cell.Balance(bob));
        Assert.Equal(5_000 - 30 - 1_000, await cell.Balance(shop));
        Assert.Equal(30, await cell.Balance(InternalAccounts.FeeIncome(Domain.Money.Currency.Cny, shop.Bucket)));
        await cell.AssertMoneyIsConserved();

        var entries = await cell.Entries(alice);
        Assert.Equal(["2088000000000399-r1", "2088000000000137-p1", "2088000000000137-x1", "2088000000000137-t1"],
            entries.Select(e => e.PaymentId));
        var payment = await cell.Payment(paid.PaymentId);
        Assert.Equal(1_000, payment.Refunded);
        Assert.Equal("trace-p1", payment.TraceId);
    }

    [Theory]
    [MemberData(nameof(JournalBackend.All), MemberType = typeof(JournalBackend))]
    public async Task Refused_payments_change_nothing(string backend)
    {
        await using var node = await CellNode.StartAsync(await journals.NewJournalAsync(backend));
        var cell = new CellScenario(node);
        var alice = await cell.Open("2088000000000137");
        var bob = await cell.Open("2088000000000242");
        var usd = await cell.Open("2088000000000555", currency: "USD");
        await cell.TopUp(alice, 1_000, "t1");

        Assert.Equal(RejectionCodes.InsufficientFunds, (await cell.Transfer(alice, bob, 1_001, "too-much")).Failure!.Code);
        Assert.Equal(RejectionCodes.AccountNotFound, (await cell.Transfer(alice, AccountId.Parse("2088000000000999"), 10, "nobody")).Failure!.Code);
        Assert.Equal(RejectionCodes.NotAMerchant, (await cell.PayMerchant(alice, bob, 10, "not-shop")).Failure!.Code);
        Assert.Equal(RejectionCodes.CurrencyMismatch, (await cell.Transfer(alice, usd, 10, "usd")).Failure!.Code);
        Assert.Equal(RejectionCodes.AccountNotFound, (await cell.Withdraw(AccountId.Parse("2088000000000998"), 10, "ghost")).Failure!.Code);
        Assert.Equal(RejectionCodes.PaymentNotFound,
            (await cell.Refund(PaymentId.Parse("2088000000000137-never"), bob, alice, 1, "r-ghost")).Failure!.Code);
        Assert.Equal(RejectionCodes.PaymentNotRefundable,
            (await cell.Refund(PaymentId.Parse("2088000000000137-t1"), alice, alice, 1, "r-topup")).Failure!.Code);

        Assert.Equal(1_000, await cell.Balance(alice));
        Assert.Equal(0, await cell.Balance(bob));
        Assert.Single(await cell.Entries(alice));
        await cell.AssertMoneyIsConserved();
    }

    [Theory]
    [MemberData(nameof(JournalBackend.All), MemberType = typeof(JournalBackend))]
    public async Task A_credit_the_payee_cannot_hold_is_compensated_and_the_payment_fails(string backend)
    {
        await using var node = await CellNode.StartAsync(await journals.NewJournalAsync(backend));
        var cell = new CellScenario(node);
        var alice = await cell.Open("2088000000000137");
        var rich = await cell.Open("2088000000000242");
        await cell.TopUp(alice, 100, "t1");
        await cell.TopUp(rich, long.MaxValue, "t-max");

        var outcome = await cell.Transfer(alice, rich, 100, "overflow");

        Assert.Equal((PaymentStatus.Failed, RejectionCodes.LimitExceeded), (outcome.Status, outcome.Failure!.Code));
        Assert.Equal(100, await cell.Balance(alice));
        Assert.Equal(long.MaxValue, await cell.Balance(rich));
        var history = (await cell.Payment(outcome.PaymentId)).History.Select(step => step.Step);
        Assert.Equal(["initiated", "compensating", "failed"], history);
        await cell.AssertMoneyIsConserved();
    }

    [Theory]
    [MemberData(nameof(JournalBackend.All), MemberType = typeof(JournalBackend))]
    public async Task A_merchant_payment_whose_credit_is_refused_gives_back_the_fee_booked_with_the_credit(string backend)
    {
        await using var node = await CellNode.StartAsync(await journals.NewJournalAsync(backend), o => o with { MerchantFeeBasisPoints = 60 });
        var cell = new CellScenario(node);
        var alice = await cell.Open("2088000000000137");
        var full = await cell.Open("2088000000000399", AccountType.Merchant);
        await cell.TopUp(alice, 10_000, "t1");
        await cell.TopUp(full, long.MaxValue, "t-max");

        var outcome = await cell.PayMerchant(alice, full, 10_000, "overflow");

        Assert.Equal((PaymentStatus.Failed, RejectionCodes.LimitExceeded), (outcome.Status, outcome.Failure!.Code));
        Assert.Equal((10_000, long.MaxValue), (await cell.Balance(alice), await cell.Balance(full)));
        var feeIncome = InternalAccounts.FeeIncome(Currency.Cny, full.Bucket);
        Assert.Equal(0, await cell.Balance(feeIncome));
        Assert.Equal(2, (await cell.Entries(feeIncome)).Count);   // booked with the credit, then given back
        Assert.Equal(["initiated", "compensating", "failed"], (await cell.Payment(outcome.PaymentId)).History.Select(step => step.Step));
        await cell.AssertMoneyIsConserved();
    }
}
