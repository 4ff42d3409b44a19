using AkkaPay.Domain.Money;

namespace AkkaPay.Domain.Tests;

public class MoneyTests
{
    [Theory]
    [InlineData("CNY")]
    [InlineData("USD")]
    public void Supported_currencies_parse(string code) =>
        Assert.Equal(code, Currency.Parse(code).Code);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("cny")]
    [InlineData("CN")]
    [InlineData("CNYY")]
    [InlineData("C1Y")]
    [InlineData("XXX")]
    public void Anything_else_is_not_a_currency(string? code) =>
        Assert.False(Currency.TryParse(code, out _, out _));

    [Theory]
    [InlineData(5000, 60, 30)]
    [InlineData(1, 60, 0)]
    [InlineData(83, 60, 0)]   // 0.498 rounds down
    [InlineData(84, 60, 1)]   // 0.504 rounds up
    [InlineData(250, 20, 1)]  // exactly 0.5 rounds half up
    [InlineData(100, 0, 0)]
    [InlineData(100, 10_000, 100)]
    public void Fee_is_rounded_half_up_to_the_minor_unit(long amount, int basisPoints, long expectedFee) =>
        Assert.Equal(expectedFee, new FeeRate(basisPoints).FeeOf(amount));

    [Fact]
    public void Fee_of_the_largest_amount_does_not_overflow() =>
        Assert.Equal(long.MaxValue, new FeeRate(10_000).FeeOf(long.MaxValue));

    [Theory]
    [InlineData(-1)]
    [InlineData(10_001)]
    public void Fee_rate_outside_0_to_100_percent_is_refused(int basisPoints) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new FeeRate(basisPoints));
}
