namespace AkkaPay.Domain.Accounts;

/// <summary>A posting as the account booked it.</summary>
public sealed record AccountEntry(string PostingId, string PaymentId, long Amount, long BalanceAfter, DateTimeOffset At);
