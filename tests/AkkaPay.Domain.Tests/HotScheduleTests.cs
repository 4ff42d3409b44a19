using AkkaPay.Domain.Accounts.Hot;

namespace AkkaPay.Domain.Tests;

public class HotScheduleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_credit_goes_to_the_sub_account_of_the_period_its_payment_started_in_even_after_N_changed()
    {
        var four = HotSchedule.None.With(new HotPeriod(T0, 4));
        var thenOne = four.With(new HotPeriod(four.NextStart(T0.AddMinutes(5)), 1));
        var ids = Enumerable.Range(0, 200).Select(i => $"2088000000000137-p{i}").ToList();

        var before = ids.Select(id => four.SubAccountFor(id, T0.AddMinutes(1))).ToList();
        Assert.Equal(before, ids.Select(id => thenOne.SubAccountFor(id, T0.AddMinutes(1))));   // a resend after the change
        Assert.Equal(4, before.Distinct().Count());
        Assert.All(ids, id => Assert.Equal(0, thenOne.SubAccountFor(id, T0.AddMinutes(6))));
        Assert.Null(thenOne.SubAccountFor(ids[0], T0.AddMinutes(-1)));   // started before the account was hot: the main account books it
        Assert.Equal((1, 4), (thenOne.SubAccounts, thenOne.EverUsed));
    }

    [Fact]
    public void A_new_period_never_starts_at_or_before_the_last_one()
    {
        var schedule = HotSchedule.None.With(new HotPeriod(T0, 4));
        Assert.True(schedule.NextStart(T0.AddSeconds(-30)) > T0);
        Assert.Equal(T0.AddSeconds(30), schedule.NextStart(T0.AddSeconds(30)));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(64, true)]
    [InlineData(65, false)]
    [InlineData(-3, false)]
    public void Between_one_and_sixty_four_sub_accounts(int subAccounts, bool allowed) =>
        Assert.Equal(allowed, HotSchedule.Problem(subAccounts) is null);
}
