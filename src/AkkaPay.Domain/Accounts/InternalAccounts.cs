using AkkaPay.Domain.Money;

namespace AkkaPay.Domain.Accounts;

/// <summary>
/// Internal accounts exist once per bucket and currency, so that a flow's internal leg lives in the
/// same cell as the customer it serves. Layout: "99" + kind (2) + ISO numeric currency (3) + zeros (7) + bucket (2).
/// </summary>
public static class InternalAccounts
{
    public enum Kind
    {
        ChannelClearing = 10,
        FeeIncome = 20,
        /// <summary>Money debited in the payer's cell and not yet credited in the payee's.</summary>
        InTransit = 30,
    }

    /// <summary>What an internal account's id says about it.</summary>
    public readonly record struct Described(Kind Kind, Currency Currency, Bucket Bucket);

    public static AccountId For(Kind kind, Currency currency, Bucket bucket) =>
        AccountId.Parse($"{AccountId.InternalPrefix}{(int)kind:00}{currency.NumericCode:000}0000000{bucket}");

    public static AccountId ChannelClearing(Currency currency, Bucket bucket) => For(Kind.ChannelClearing, currency, bucket);

    public static AccountId FeeIncome(Currency currency, Bucket bucket) => For(Kind.FeeIncome, currency, bucket);

    public static AccountId InTransit(Currency currency, Bucket bucket) => For(Kind.InTransit, currency, bucket);

    /// <summary>Reads an internal account's kind and currency from its id; false for any id AkkaPay does not make.</summary>
    public static bool TryRead(AccountId id, out Described account)
    {
        account = default;
        if (!id.IsInternal) return false;
        var kind = (Kind)int.Parse(id.Value.AsSpan(2, 2));
        if (!Enum.IsDefined(kind) || !Currency.TryFromNumericCode(int.Parse(id.Value.AsSpan(4, 3)), out var currency)) return false;
        account = new Described(kind, currency, id.Bucket);
        return For(kind, currency, id.Bucket) == id;
    }

    public static bool IsInTransit(AccountId id) => TryRead(id, out var account) && account.Kind == Kind.InTransit;
}
