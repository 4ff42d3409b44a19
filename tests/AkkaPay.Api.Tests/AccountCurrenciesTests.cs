using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Money;

namespace AkkaPay.Api.Tests;

public class AccountCurrenciesTests
{
    private static readonly AccountId Alice = AccountId.Parse("2088000000000137");
    private static readonly AccountId Bob = AccountId.Parse("2088000000000242");
    private static readonly AccountId Carol = AccountId.Parse("2088000000000310");

    [Fact]
    public void Knows_only_the_currencies_it_was_told()
    {
        var currencies = new AccountCurrencies(capacity: 10);
        Assert.Null(currencies.Of(Alice));
        Assert.Equal(Currency.Cny, currencies.Remember(Alice, Currency.Cny));
        Assert.Equal(Currency.Cny, currencies.Of(Alice));
        Assert.Null(currencies.Of(Bob));
    }

    [Fact]
    public void Starts_over_when_full_and_never_holds_more_than_its_capacity()
    {
        var currencies = new AccountCurrencies(capacity: 2);
        currencies.Remember(Alice, Currency.Cny);
        currencies.Remember(Bob, Currency.Cny);
        currencies.Remember(Carol, Currency.Cny);
        Assert.Null(currencies.Of(Alice));
        Assert.Null(currencies.Of(Bob));
        Assert.Equal(Currency.Cny, currencies.Of(Carol));
    }
}
