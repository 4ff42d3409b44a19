using System.Collections.Immutable;
using AkkaPay.Domain.Money;

namespace AkkaPay.Domain.Accounts;

/// <summary>
/// One account's ledger. Customer accounts never go below zero; internal accounts may, so that every
/// flow balances. Every posting is booked once: a leg seen again returns the entry booked the first time.
/// </summary>
public sealed record AccountState
{
    public required AccountId Id { get; init; }
    public bool IsOpen { get; init; }
    public AccountType Type { get; init; }
    public Currency Currency { get; init; }
    public long Balance { get; init; }
    public ImmutableList<AccountEntry> Entries { get; init; } = [];
    private ImmutableDictionary<string, AccountEntry> EntriesByPosting { get; init; } = ImmutableDictionary<string, AccountEntry>.Empty;

    /// <summary>Internal accounts are open from the start: their type and currency are written in their id.</summary>
    public static AccountState Initial(AccountId id) => id.IsInternal
        ? new AccountState { Id = id, IsOpen = true, Type = AccountType.Internal, Currency = Currency.FromNumericCode(int.Parse(id.Value.AsSpan(4, 3))) }
        : new AccountState { Id = id };

    public static AccountState FromSnapshot(AccountId id, AccountType type, Currency currency, long balance, IEnumerable<AccountEntry> entries)
    {
        var list = entries.ToImmutableList();
        return new AccountState
        {
            Id = id, IsOpen = true, Type = type, Currency = currency, Balance = balance, Entries = list,
            EntriesByPosting = list.ToImmutableDictionary(entry => entry.PostingId),
        };
    }

    public Decision<AccountOpened> DecideOpen(AccountType type, Currency currency, DateTimeOffset at)
    {
        if (IsOpen) return Decision<AccountOpened>.Refuse(new Rejection(RejectionCodes.AccountExists, $"account {Id} already exists"));
        if (Id.IsInternal || type == AccountType.Internal)
            return Decision<AccountOpened>.Refuse(new Rejection(RejectionCodes.ValidationError, $"account ids starting with {AccountId.InternalPrefix} are reserved for internal accounts"));
        return Decision<AccountOpened>.Accept(new AccountOpened(Id, type, currency, at));
    }

    public PostOutcome DecidePost(Posting posting, DateTimeOffset at)
    {
        if (posting.Account != Id) throw new InvalidOperationException($"posting for {posting.Account} reached account {Id}");
        if (EntriesByPosting.TryGetValue(posting.PostingId, out var booked)) return new PostOutcome.AlreadyBooked(booked);
        if (!IsOpen) return new PostOutcome.Refused(Rejection.AccountNotFound(Id.Value));
        if (posting.RequiredType is { } required && required != Type)
            return new PostOutcome.Refused(new Rejection(RejectionCodes.NotAMerchant, $"account {Id} is {Type}, the payment needs a {required} account"));
        if (posting.Currency != Currency)
            return new PostOutcome.Refused(new Rejection(RejectionCodes.CurrencyMismatch, $"account {Id} holds {Currency}, the payment is in {posting.Currency}"));

        long balanceAfter;
        try
        {
            balanceAfter = checked(Balance + posting.Amount);
        }
        catch (OverflowException)
        {
            return new PostOutcome.Refused(new Rejection(RejectionCodes.LimitExceeded, $"account {Id} cannot hold that much"));
        }
        if (balanceAfter < 0 && Type != AccountType.Internal)
            return new PostOutcome.Refused(new Rejection(RejectionCodes.InsufficientFunds, $"account {Id} has {Balance}, the payment needs {-posting.Amount}"));

        var entry = new AccountEntry(posting.PostingId, posting.PaymentId, posting.Amount, balanceAfter, at);
        return new PostOutcome.Book(new AccountPosted(entry, posting.TraceId));
    }

    public AccountState Apply(AccountEvent accountEvent) => accountEvent switch
    {
        AccountOpened opened => this with { IsOpen = true, Type = opened.Type, Currency = opened.Currency },
        AccountPosted posted when posted.Entry.BalanceAfter != checked(Balance + posted.Entry.Amount) =>
            throw new InvalidOperationException($"entry {posted.Entry.PostingId} breaks the running balance of {Id}"),
        AccountPosted posted => this with
        {
            Balance = posted.Entry.BalanceAfter,
            Entries = Entries.Add(posted.Entry),
            EntriesByPosting = EntriesByPosting.Add(posted.Entry.PostingId, posted.Entry),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(accountEvent), accountEvent, "unknown account event"),
    };
}
