using AkkaPay.Domain.Accounts;

namespace AkkaPay.Domain.Payments;

/// <summary>
/// "{scope account}-{requestId}": the same requestId from the same account always names the same payment,
/// and the payment lives in the scope account's bucket, so in its cell.
/// </summary>
public readonly record struct PaymentId
{
    public const int RequestIdLengthMax = 64;

    private PaymentId(AccountId scope, string requestId)
    {
        Scope = scope;
        RequestId = requestId;
    }

    public AccountId Scope { get; }
    public string RequestId { get; }
    public string Value => $"{Scope}-{RequestId}";

    public static bool IsValidRequestId(string? requestId) =>
        requestId is { Length: > 0 and <= RequestIdLengthMax } && requestId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    public static PaymentId For(AccountId scope, string requestId) =>
        IsValidRequestId(requestId) ? new PaymentId(scope, requestId) : throw new FormatException($"invalid requestId '{requestId}'");

    public static bool TryParse(string? text, out PaymentId id)
    {
        id = default;
        if (text is null || text.Length < AccountId.Length + 2 || text[AccountId.Length] != '-') return false;
        if (!AccountId.TryParse(text[..AccountId.Length], out var scope)) return false;
        var requestId = text[(AccountId.Length + 1)..];
        if (!IsValidRequestId(requestId)) return false;
        id = new PaymentId(scope, requestId);
        return true;
    }

    public static PaymentId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"invalid payment id '{text}'");

    public override string ToString() => Value;
}
