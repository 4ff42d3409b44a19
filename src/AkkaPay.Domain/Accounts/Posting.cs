using AkkaPay.Domain.Money;

namespace AkkaPay.Domain.Accounts;

/// <summary>
/// One leg of a payment on one account: a signed amount (negative debits, positive credits).
/// <see cref="PostingId"/> is unique per leg of a payment, so an account applies a leg at most once.
/// </summary>
public sealed record Posting(string PostingId, string PaymentId, AccountId Account, long Amount, Currency Currency, string TraceId);
