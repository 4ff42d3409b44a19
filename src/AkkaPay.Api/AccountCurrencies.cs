using System.Collections.Concurrent;
using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Money;

namespace AkkaPay.Api;

/// <summary>
/// The currencies of accounts this router has seen open. An account never closes and never changes currency, so
/// a remembered currency stays true; a payment still checks both when it books (a debit of a missing account or
/// in another currency is refused in the cell). Holds at most <c>capacity</c> accounts and starts over when full.
/// </summary>
public sealed class AccountCurrencies(int capacity)
{
    private readonly ConcurrentDictionary<AccountId, Currency> _known = new();

    public Currency? Of(AccountId account) => _known.TryGetValue(account, out var currency) ? currency : null;

    public Currency Remember(AccountId account, Currency currency)
    {
        if (_known.Count >= capacity) _known.Clear();
        _known[account] = currency;
        return currency;
    }
}
