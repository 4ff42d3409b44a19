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

    public static AccountId For(Kind kind, Currency currency, Bucket bucket) =>
        AccountId.Parse($"{AccountId.InternalPrefix}{(int)kind:00}{currency.NumericCode:000}0000000{bucket}");

    public static AccountId ChannelClearing(Currency currency, Bucket bucket) => For(Kind.ChannelClearing, currency, bucket);

    public static AccountId FeeIncome(Currency currency, Bucket bucket) => For(Kind.FeeIncome, currency, bucket);

    public static AccountId InTransit(Currency currency, Bucket bucket) => For(Kind.InTransit, currency, bucket);
}
