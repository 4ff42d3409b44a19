using System.Collections.Immutable;
using AkkaPay.Domain.Accounts.Hot;
using AkkaPay.Domain.Money;

namespace AkkaPay.Domain.Accounts;

/// <summary>The sweeps of one sub-account that reached the main account: the last one's number, and their total.</summary>
public readonly record struct SweepMark(long Sequence, long Total);

/// <summary>
/// One account's ledger. Customer accounts never go below zero; internal accounts may, so that every
/// flow balances. Every posting is booked once: a leg seen again returns the entry booked the first time.
/// A hot account's credits go to its sub-accounts (<see cref="Hot"/>); their money arrives here by sweeps.
/// </summary>
public sealed record AccountState
{
    public required AccountId Id { get; init; }
    public bool IsOpen { get; init; }
    public AccountType Type { get; init; }
    public Currency Currency { get; init; }
    public long Balance { get; init; }
    public EntryLog Entries { get; init; } = EntryLog.New();
    public HotSchedule Hot { get; init; } = HotSchedule.None;
    public ImmutableDictionary<int, SweepMark> Sweeps { get; init; } = ImmutableDictionary<int, SweepMark>.Empty;

    /// <summary>Internal accounts are open from the start: their type and currency are written in their id.</summary>
    public static AccountState Initial(AccountId id) => InternalAccounts.TryRead(id, out var internalAccount)
        ? new AccountState { Id = id, IsOpen = true, Type = AccountType.Internal, Currency = internalAccount.Currency }
        : new AccountState { Id = id };

    public static AccountState FromSnapshot(
        AccountId id, AccountType type, Currency currency, long balance, EntryLog entries, HotSchedule hot, IReadOnlyDictionary<int, SweepMark> sweeps) =>
        new()
        {
            Id = id, IsOpen = true, Type = type, Currency = currency, Balance = balance, Entries = entries,
            Hot = hot, Sweeps = sweeps.ToImmutableDictionary(),
        };

    public Decision<AccountOpened> DecideOpen(AccountType type, Currency currency, DateTimeOffset at)
    {
        if (IsOpen) return Decision<AccountOpened>.Refuse(new Rejection(RejectionCodes.AccountExists, $"account {Id} already exists"));
        if (Id.IsInternal || type == AccountType.Internal)
            return Decision<AccountOpened>.Refuse(new Rejection(RejectionCodes.ValidationError, $"account ids starting with {AccountId.InternalPrefix} are reserved for internal accounts"));
        return Decision<AccountOpened>.Accept(new AccountOpened(Id, type, currency, at));
    }

    public Decision<AccountMadeHot> DecideMakeHot(int subAccounts, DateTimeOffset at)
    {
        if (!IsOpen) return Decision<AccountMadeHot>.Refuse(Rejection.AccountNotFound(Id.Value));
        if (Type == AccountType.Internal) return Decision<AccountMadeHot>.Refuse(new Rejection(RejectionCodes.ValidationError, $"internal account {Id} cannot be hot"));
        if (HotSchedule.Problem(subAccounts) is { } problem) return Decision<AccountMadeHot>.Refuse(new Rejection(RejectionCodes.ValidationError, problem));
        if (Hot.SubAccounts == subAccounts) return Decision<AccountMadeHot>.AlreadyDone;
        return Decision<AccountMadeHot>.Accept(new AccountMadeHot(subAccounts, Hot.NextStart(at)));
    }

    public AccountProfile Profile => new(Id, IsOpen, Type, Currency);

    /// <param name="subAccountsSwept">
    /// True when a hot account decides a debit again after sweeping its sub-accounts in for it: what the main account
    /// holds now is all there is. Before that, a debit beyond the main balance asks for the sweep.
    /// </param>
    public PostOutcome DecidePost(Posting posting, DateTimeOffset at, bool subAccountsSwept = false)
    {
        if (posting.Account != Id) throw new InvalidOperationException($"posting for {posting.Account} reached account {Id}");
        if (Entries.TryFind(posting.PostingId, out var booked)) return new PostOutcome.AlreadyBooked(posting.PostingId, booked);
        if (Profile.Refuses(posting.RequiredType, posting.Currency) is { } refusal) return new PostOutcome.Refused(refusal);
        if (posting.Amount > 0 && Hot.SubAccountFor(posting.PaymentId, posting.IssuedAt) is { } subAccount) return new PostOutcome.RouteToSubAccount(subAccount);

        long balanceAfter;
        try
        {
            balanceAfter = checked(Balance + posting.Amount);
        }
        catch (OverflowException)
        {
            return new PostOutcome.Refused(new Rejection(RejectionCodes.LimitExceeded, $"account {Id} cannot hold that much"));
        }
        if (balanceAfter < 0 && Type != AccountType.Internal && Hot.IsHot && !subAccountsSwept) return PostOutcome.SweepFirst.Instance;
        if (balanceAfter < 0 && Type != AccountType.Internal)
            return new PostOutcome.Refused(new Rejection(RejectionCodes.InsufficientFunds, $"account {Id} has {Balance}, the payment needs {-posting.Amount}"));

        var entry = new AccountEntry(posting.PostingId, posting.PaymentId, posting.Amount, balanceAfter, at);
        return new PostOutcome.Book(new AccountPosted(entry, posting.TraceId));
    }

    /// <summary>The number of the next sweep of sub-account <paramref name="index"/>.</summary>
    public long NextSweep(int index) => Sweeps.GetValueOrDefault(index).Sequence + 1;

    /// <summary>The most a sweep may bring in without overflowing this balance.</summary>
    public long SweepLimit => long.MaxValue - Balance;

    /// <returns>The event that books sweep <paramref name="sequence"/> of sub-account <paramref name="index"/> here, or null when it arrived before or was empty.</returns>
    public AccountSweptIn? DecideSweepIn(int index, long sequence, long amount, DateTimeOffset at)
    {
        if (amount <= 0 || sequence < NextSweep(index)) return null;
        var postingId = $"{Id}:sweep:{index}:{sequence}";
        return new AccountSweptIn(index, sequence, new AccountEntry($"{postingId}/in", postingId, amount, checked(Balance + amount), at));
    }

    /// <summary>
    /// The balance of a hot account: its own, plus what each sub-account was ever credited minus what arrived
    /// here from it. Money swept out of a sub-account but not yet arrived still counts on the sub-account side,
    /// so it is counted once at every moment.
    /// </summary>
    public long HotBalance(IReadOnlyDictionary<int, long> creditedBySubAccount) =>
        creditedBySubAccount.Aggregate(Balance, (sum, pair) => checked(sum + pair.Value - Sweeps.GetValueOrDefault(pair.Key).Total));

    public AccountState Apply(AccountEvent accountEvent) => accountEvent switch
    {
        AccountOpened opened => this with { IsOpen = true, Type = opened.Type, Currency = opened.Currency },
        AccountPosted posted when posted.Entry.BalanceAfter != checked(Balance + posted.Entry.Amount) =>
            throw new InvalidOperationException($"entry {posted.Entry.PostingId} breaks the running balance of {Id}"),
        AccountPosted posted => this with
        {
            Balance = posted.Entry.BalanceAfter,
            Entries = Entries.Append(posted.Entry),
        },
        AccountMadeHot made => this with { Hot = Hot.With(new HotPeriod(made.From, made.SubAccounts)) },
        AccountSweptIn swept when swept.Entry.BalanceAfter != checked(Balance + swept.Entry.Amount) =>
            throw new InvalidOperationException($"sweep {swept.Entry.PostingId} breaks the running balance of {Id}"),
        AccountSweptIn swept => this with
        {
            Balance = swept.Entry.BalanceAfter,
            Sweeps = Sweeps.SetItem(swept.SubAccount, new SweepMark(swept.Sequence, checked(Sweeps.GetValueOrDefault(swept.SubAccount).Total + swept.Entry.Amount))),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(accountEvent), accountEvent, "unknown account event"),
    };
}
