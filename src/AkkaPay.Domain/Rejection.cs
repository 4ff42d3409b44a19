namespace AkkaPay.Domain;

/// <summary>Why a command was refused. <see cref="Code"/> is stable: clients and tests match on it.</summary>
public sealed record Rejection(string Code, string Detail)
{
    public static Rejection AccountNotFound(string accountId) => new(RejectionCodes.AccountNotFound, $"account {accountId} does not exist");
}

public static class RejectionCodes
{
    public const string ValidationError = "validation_error";
    public const string AccountNotFound = "account_not_found";
    public const string AccountExists = "account_exists";
    public const string PaymentNotFound = "payment_not_found";
    public const string IdempotencyKeyReused = "idempotency_key_reused";
    public const string InsufficientFunds = "insufficient_funds";
    public const string CurrencyMismatch = "currency_mismatch";
    public const string RefundExceedsPayment = "refund_exceeds_payment";
    public const string PaymentNotRefundable = "payment_not_refundable";
    public const string NotAMerchant = "not_a_merchant";
    public const string LimitExceeded = "limit_exceeded";
    public const string CellUnavailable = "cell_unavailable";
}
