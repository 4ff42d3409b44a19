using System.Collections.Immutable;
using AkkaPay.Domain.Accounts;

namespace AkkaPay.Domain.Ledger;

/// <summary>
/// A cell's ledger folded from its account events: every account's last balance, their sum (128-bit, it
/// cannot overflow), the money in transit (balances of in-transit accounts) and customers below zero.
/// </summary>
public sealed class LedgerSummary
{
    private readonly Dictionary<AccountId, long> _balances = [];
    private readonly HashSet<AccountId> _customers = [];

    public void Add(AccountId account, AccountEvent accountEvent)
    {
        switch (accountEvent)
        {
            case AccountOpened opened when opened.Type != AccountType.Internal:
                _customers.Add(account);
                break;
            case AccountPosted posted:
                _balances[account] = posted.Entry.BalanceAfter;
                break;
        }
    }

    public int Accounts => _balances.Keys.Union(_customers).Count();

    public Int128 Sum => _balances.Values.Aggregate(Int128.Zero, (sum, balance) => sum + balance);

    public Int128 InTransit => _balances
        .Where(pair => pair.Key.Value.StartsWith($"{AccountId.InternalPrefix}{(int)InternalAccounts.Kind.InTransit}", StringComparison.Ordinal))
        .Aggregate(Int128.Zero, (sum, pair) => sum + pair.Value);

    public ImmutableArray<string> CustomersBelowZero =>
        [.. _balances.Where(pair => _customers.Contains(pair.Key) && pair.Value < 0).Select(pair => pair.Key.Value).Order()];
}
