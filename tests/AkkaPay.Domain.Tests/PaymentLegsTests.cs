using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Money;
using AkkaPay.Domain.Payments;

namespace AkkaPay.Domain.Tests;

public class PaymentLegsTests
{
    private static readonly AccountId A = AccountId.Parse("2088000000000137");
    private static readonly AccountId B = AccountId.Parse("2088000000000242");

    public static TheoryData<PaymentOrder, long> Orders => new()
    {
        { PaymentOrder.TopUp(A, 100, Currency.Cny, "bank"), 0 },
        { PaymentOrder.Withdrawal(A, 100, Currency.Cny, null), 0 },
        { PaymentOrder.Transfer(A, B, 100, Currency.Cny), 0 },
        { PaymentOrder.MerchantPayment(A, B, 10_000, Currency.Cny, null), 60 },
        { PaymentOrder.Refund(PaymentId.For(A, "p"), B, A, 100, Currency.Cny), 0 },
    };

    [Theory]
    [MemberData(nameof(Orders))]
    public void Every_flow_balances_to_zero_with_the_debit_first(PaymentOrder order, long fee)
    {
        var legs = PaymentLegs.Plan(PaymentId.For(order.Scope, "r"), order, fee, "trace");
        Assert.Equal(0, legs.Sum(leg => leg.Amount));
        Assert.Equal(-order.Amount, legs[0].Amount);
        Assert.Equal(order.Payer, legs[0].Account);
        Assert.Equal(legs.Length, legs.Select(leg => leg.PostingId).Distinct().Count());
    }

    [Fact]
    public void Merchant_fee_goes_to_the_fee_income_account_of_the_merchants_bucket()
    {
        var order = PaymentOrder.MerchantPayment(A, B, 10_000, Currency.Cny, null);
        var fee = PaymentLegs.Plan(PaymentId.For(A, "r"), order, 60, "trace")[2];
        Assert.Equal(InternalAccounts.FeeIncome(Currency.Cny, B.Bucket), fee.Account);
        Assert.Equal(60, fee.Amount);
    }

    [Fact]
    public void Top_up_scope_is_the_account_topped_up_withdrawal_scope_is_the_account_paying_out()
    {
        Assert.Equal(A, PaymentOrder.TopUp(A, 1, Currency.Cny, null).Scope);
        Assert.Equal(A, PaymentOrder.Withdrawal(A, 1, Currency.Cny, null).Scope);
        Assert.Equal(B, PaymentOrder.Refund(PaymentId.For(A, "p"), B, A, 1, Currency.Cny).Scope);
    }
}
