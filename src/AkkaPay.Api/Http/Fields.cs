using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Accounts.Hot;
using AkkaPay.Domain.Money;
using AkkaPay.Domain.Payments;

namespace AkkaPay.Api.Http;

/// <summary>Checks of single request fields; each returns the error to show, or null when the field is good.</summary>
public static class Fields
{
    public const int TextLengthMax = 64;

    public static string? CustomerAccount(string field, string value, out AccountId id)
    {
        if (!AccountId.TryParse(value, out id)) return $"{field} must be an account id of {AccountId.Length} digits";
        return id.IsInternal ? $"{field}: account ids starting with {AccountId.InternalPrefix} are internal and cannot be named here" : null;
    }

    public static string? Amount(long amount) =>
        amount >= 1 ? null : "amount must be an integer number of minor units from 1 to 9223372036854775807";

    public static string? RequestId(string requestId) =>
        PaymentId.IsValidRequestId(requestId) ? null : $"requestId must be 1 to {PaymentId.RequestIdLengthMax} characters of A-Z a-z 0-9 . _ -";

    public static string? Currency(string? text, out Currency currency)
    {
        if (text is null)
        {
            currency = Domain.Money.Currency.Cny;
            return null;
        }
        return Domain.Money.Currency.TryParse(text, out currency, out var error) ? null : error;
    }

    public static string? OptionalText(string field, string? value) =>
        value is null || value.Length is > 0 and <= TextLengthMax && !value.Any(char.IsControl)
            ? null
            : $"{field} must be 1 to {TextLengthMax} printable characters";

    /// <summary>An account's hot settings: not hot (no fields, or hot false), or hot with 1 to the maximum sub-accounts.</summary>
    public static string? Hot(bool? hot, int? subAccounts, out int count)
    {
        count = 0;
        if (hot != true) return subAccounts is null ? null : "subAccounts needs hot: true";
        if (subAccounts is not { } n) return $"hot: true needs subAccounts (1 to {HotSchedule.MaxSubAccounts})";
        count = n;
        return SubAccounts(n);
    }

    public static string? SubAccounts(int subAccounts) => HotSchedule.Problem(subAccounts);

    /// <summary>The first error of several checks, in the order given.</summary>
    public static string? First(params string?[] errors) => errors.FirstOrDefault(error => error is not null);
}
