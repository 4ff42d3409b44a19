using AkkaPay.Domain.Money;

namespace AkkaPay.Domain.Accounts;

/// <summary>
/// One leg of a payment on one account: a signed amount (negative debits, positive credits).
/// <see cref="PostingId"/> is unique per leg of a payment, so an account applies a leg at most once.
/// <see cref="IssuedAt"/> is when the payment started: the same on every leg and every resend.
/// <see cref="RequiredType"/>, when set, is the only account type that may take the leg (a merchant payment's credit).
/// </summary>
public sealed record Posting(
    string PostingId, string PaymentId, AccountId Account, long Amount, Currency Currency, string TraceId, DateTimeOffset IssuedAt, AccountType? RequiredType = null);
