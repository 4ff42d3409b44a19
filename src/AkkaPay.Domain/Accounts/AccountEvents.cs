using AkkaPay.Domain.Money;

namespace AkkaPay.Domain.Accounts;

public abstract record AccountEvent;

public sealed record AccountOpened(AccountId AccountId, AccountType Type, Currency Currency, DateTimeOffset At) : AccountEvent;

public sealed record AccountPosted(AccountEntry Entry, string TraceId) : AccountEvent;
