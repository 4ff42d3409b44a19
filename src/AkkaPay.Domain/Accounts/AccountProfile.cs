using AkkaPay.Domain.Money;

namespace AkkaPay.Domain.Accounts;

/// <summary>What an account is, apart from its money: whether it is open, its type, its currency.</summary>
public readonly record struct AccountProfile(AccountId Id, bool IsOpen, AccountType Type, Currency Currency)
{
    /// <summary>
    /// Why this account takes no posting of <paramref name="currency"/> that needs an account of
    /// <paramref name="requiredType"/> (when set), or null when it may. Accounts apply it to every posting; a payment
    /// applies it to its payee before it moves any money.
    /// </summary>
    public Rejection? Refuses(AccountType? requiredType, Currency currency)
    {
        if (!IsOpen) return Rejection.AccountNotFound(Id.Value);
        if (requiredType is { } required && required != Type)
            return new Rejection(RejectionCodes.NotAMerchant, $"account {Id} is {Type}, the payment needs a {required} account");
        if (currency != Currency)
            return new Rejection(RejectionCodes.CurrencyMismatch, $"account {Id} holds {Currency}, the payment is in {currency}");
        return null;
    }
}
