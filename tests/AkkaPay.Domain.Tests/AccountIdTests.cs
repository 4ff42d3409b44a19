using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Money;
using AkkaPay.Domain.Payments;

namespace AkkaPay.Domain.Tests;

public class AccountIdTests
{
    [Fact]
    public void Bucket_is_the_last_two_digits() =>
        Assert.Equal(37, AccountId.Parse("2088000000000137").Bucket.Value);

    [Theory]
    [InlineData(null)]
    [InlineData("208800000000013")]
    [InlineData("20880000000001377")]
    [InlineData("208800000000013a")]
    [InlineData("２088000000000137")]
    public void Anything_but_16_ascii_digits_is_not_an_account_id(string? text) =>
        Assert.False(AccountId.TryParse(text, out _));

    [Fact]
    public void Internal_accounts_live_in_the_bucket_they_serve_and_name_their_currency()
    {
        var clearing = InternalAccounts.ChannelClearing(Currency.Parse("USD"), new Bucket(7));
        Assert.True(clearing.IsInternal);
        Assert.Equal(7, clearing.Bucket.Value);
        Assert.Equal("USD", AccountState.Initial(clearing).Currency.Code);
        Assert.NotEqual(clearing, InternalAccounts.FeeIncome(Currency.Parse("USD"), new Bucket(7)));
    }

    [Fact]
    public void An_internal_accounts_id_tells_its_kind_currency_and_bucket_and_ids_akkapay_never_makes_tell_nothing()
    {
        var transit = InternalAccounts.InTransit(Currency.Parse("EUR"), new Bucket(42));
        Assert.True(InternalAccounts.TryRead(transit, out var described));
        Assert.Equal(new InternalAccounts.Described(InternalAccounts.Kind.InTransit, Currency.Parse("EUR"), new Bucket(42)), described);
        Assert.True(InternalAccounts.IsInTransit(transit));
        Assert.False(InternalAccounts.IsInTransit(InternalAccounts.FeeIncome(Currency.Parse("EUR"), new Bucket(42))));
        foreach (var made in new[] { "9955156000000042", "9930999000000042", "9930156000000142", "2088000000000142" })
            Assert.False(InternalAccounts.TryRead(AccountId.Parse(made), out _), made);
        Assert.False(AccountState.Initial(AccountId.Parse("9955156000000042")).IsOpen);
    }

    [Fact]
    public void Payment_id_is_scope_account_and_request_id()
    {
        var id = PaymentId.For(AccountId.Parse("2088000000000137"), "order-1.a_b");
        Assert.Equal("2088000000000137-order-1.a_b", id.Value);
        Assert.True(PaymentId.TryParse(id.Value, out var parsed));
        Assert.Equal(id, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("slash/no")]
    [InlineData("x0123456789012345678901234567890123456789012345678901234567890123")]
    public void Request_ids_are_short_and_url_safe(string requestId) =>
        Assert.False(PaymentId.IsValidRequestId(requestId));
}
