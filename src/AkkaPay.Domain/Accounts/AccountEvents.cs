using AkkaPay.Domain.Money;

namespace AkkaPay.Domain.Accounts;

public abstract record AccountEvent;

public sealed record AccountOpened(AccountId AccountId, AccountType Type, Currency Currency, DateTimeOffset At) : AccountEvent;

public sealed record AccountPosted(AccountEntry Entry, string TraceId) : AccountEvent;

/// <summary>From <see cref="From"/> on, credits are spread over <see cref="SubAccounts"/> sub-accounts.</summary>
public sealed record AccountMadeHot(int SubAccounts, DateTimeOffset From) : AccountEvent;

/// <summary>Sweep <see cref="Sequence"/> of sub-account <see cref="SubAccount"/> arrived in the main account.</summary>
public sealed record AccountSweptIn(int SubAccount, long Sequence, AccountEntry Entry) : AccountEvent;
