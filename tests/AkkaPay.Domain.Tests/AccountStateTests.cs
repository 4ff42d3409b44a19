using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Accounts.Hot;
using AkkaPay.Domain.Money;

namespace AkkaPay.Domain.Tests;

public class AccountStateTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);
    private static readonly AccountId Alice = AccountId.Parse("2088000000000137");

    private static AccountState Open(AccountType type = AccountType.Personal) =>
        AccountState.Initial(Alice).Apply(AccountState.Initial(Alice).DecideOpen(type, Currency.Cny, At).Event!);

    private static Posting Leg(string postingId, long amount, string currency = "CNY") =>
        new(postingId, "p", Alice, amount, Currency.Parse(currency), "trace", At);

    private static AccountState Book(AccountState state, Posting posting) =>
        state.Apply(((PostOutcome.Book)state.DecidePost(posting, At)).Event);

    [Fact]
    public void Opening_an_open_account_is_refused_with_account_exists() =>
        Assert.Equal(RejectionCodes.AccountExists, Open().DecideOpen(AccountType.Personal, Currency.Cny, At).Rejection!.Code);

    [Fact]
    public void Customers_cannot_open_internal_account_ids()
    {
        var internalId = InternalAccounts.FeeIncome(Currency.Cny, new Bucket(1));
        var decision = new AccountState { Id = AccountId.Parse("9900000000000001") }.DecideOpen(AccountType.Personal, Currency.Cny, At);
        Assert.Equal(RejectionCodes.ValidationError, decision.Rejection!.Code);
        Assert.True(AccountState.Initial(internalId).IsOpen);
    }

    [Fact]
    public void Posting_to_an_account_never_opened_is_refused_with_account_not_found() =>
        Assert.Equal(RejectionCodes.AccountNotFound,
            Assert.IsType<PostOutcome.Refused>(AccountState.Initial(Alice).DecidePost(Leg("a", 5), At)).Why.Code);

    [Fact]
    public void Debit_beyond_balance_is_refused_and_changes_nothing()
    {
        var state = Book(Open(), Leg("credit", 100));
        var refused = Assert.IsType<PostOutcome.Refused>(state.DecidePost(Leg("debit", -101), At));
        Assert.Equal(RejectionCodes.InsufficientFunds, refused.Why.Code);
        Assert.Equal(100, state.Balance);
    }

    [Fact]
    public void Debit_of_the_whole_balance_leaves_zero() =>
        Assert.Equal(0, Book(Book(Open(), Leg("credit", 100)), Leg("debit", -100)).Balance);

    [Fact]
    public void A_leg_seen_again_returns_the_entry_booked_the_first_time()
    {
        var state = Book(Open(), Leg("credit", 100));
        var again = Assert.IsType<PostOutcome.AlreadyBooked>(state.DecidePost(Leg("credit", 100), At));
        Assert.Equal(100, again.Entry!.BalanceAfter);
        Assert.Single(state.Entries.Recent);
    }

    [Fact]
    public void Internal_accounts_may_go_below_zero()
    {
        var clearing = InternalAccounts.ChannelClearing(Currency.Cny, Alice.Bucket);
        var state = AccountState.Initial(clearing);
        var outcome = Assert.IsType<PostOutcome.Book>(state.DecidePost(new Posting("t/debit", "t", clearing, -500, Currency.Cny, "trace", At), At));
        Assert.Equal(-500, state.Apply(outcome.Event).Balance);
    }

    [Fact]
    public void Other_currency_is_refused_with_currency_mismatch() =>
        Assert.Equal(RejectionCodes.CurrencyMismatch,
            Assert.IsType<PostOutcome.Refused>(Open().DecidePost(Leg("a", 5, "USD"), At)).Why.Code);

    [Fact]
    public void A_balance_that_would_overflow_is_refused_with_limit_exceeded()
    {
        var state = Book(Open(), Leg("max", long.MaxValue));
        Assert.Equal(RejectionCodes.LimitExceeded, Assert.IsType<PostOutcome.Refused>(state.DecidePost(Leg("one", 1), At)).Why.Code);
    }

    [Fact]
    public void Snapshot_restores_balance_entries_and_dedup()
    {
        var state = Book(Book(Open(), Leg("a", 100)), Leg("b", -40));
        var restored = AccountState.FromSnapshot(state.Id, state.Type, state.Currency, state.Balance,
            EntryLog.Restore(state.Entries.EarlierPostings(), state.Entries.Recent), HotSchedule.None, new Dictionary<int, SweepMark>());
        Assert.Equal(60, restored.Balance);
        Assert.IsType<PostOutcome.AlreadyBooked>(restored.DecidePost(Leg("a", 100), At));
    }

    [Fact]
    public void A_leg_older_than_the_kept_entries_is_still_booked_once_also_after_a_snapshot()
    {
        var state = Open();
        for (var i = 0; i < EntryLog.RecentKept + 10; i++) state = Book(state, Leg($"l{i}", 1));
        var restored = AccountState.FromSnapshot(state.Id, state.Type, state.Currency, state.Balance,
            EntryLog.Restore(state.Entries.EarlierPostings(), state.Entries.Recent), HotSchedule.None, new Dictionary<int, SweepMark>());

        foreach (var account in new[] { state, restored })
        {
            var first = Assert.IsType<PostOutcome.AlreadyBooked>(account.DecidePost(Leg("l0", 1), At));
            Assert.Null(first.Entry);   // older than the kept entries: booked, without its entry
            Assert.Equal(EntryLog.RecentKept, account.Entries.Newest(int.MaxValue).Count);
            Assert.Equal(EntryLog.RecentKept + 10, account.Entries.Count);
            Assert.IsType<PostOutcome.Book>(account.DecidePost(Leg("new", 1), At));
        }
    }

    [Fact]
    public void A_leg_for_a_merchant_is_refused_by_any_other_account() =>
        Assert.Equal(RejectionCodes.NotAMerchant,
            Assert.IsType<PostOutcome.Refused>(Open(AccountType.Personal).DecidePost(Leg("m", 5) with { RequiredType = AccountType.Merchant }, At)).Why.Code);

    [Fact]
    public void A_hot_accounts_debit_beyond_its_main_balance_asks_for_a_sweep_first_and_is_refused_only_after_it()
    {
        var hot = Open(AccountType.Merchant);
        hot = hot.Apply(hot.DecideMakeHot(4, At).Event!);
        Assert.IsType<PostOutcome.SweepFirst>(hot.DecidePost(Leg("p/debit", -1), At));
        var refused = Assert.IsType<PostOutcome.Refused>(hot.DecidePost(Leg("p/debit", -1), At, subAccountsSwept: true));
        Assert.Equal(RejectionCodes.InsufficientFunds, refused.Why.Code);
        Assert.IsType<PostOutcome.Refused>(Open().DecidePost(Leg("p/debit", -1), At));   // not hot: nothing to sweep
    }
}
