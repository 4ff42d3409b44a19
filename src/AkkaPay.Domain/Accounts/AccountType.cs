namespace AkkaPay.Domain.Accounts;

public enum AccountType
{
    Personal,
    Merchant,
    /// <summary>Channel clearing, fee income, in-transit: may go below zero, so that every flow balances.</summary>
    Internal,
}
