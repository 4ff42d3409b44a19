using System.Collections.Immutable;
using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Accounts.Hot;

namespace AkkaPay.Domain.Ledger;

/// <summary>
/// A cell's ledger folded from its account and sub-account events: every ledger's last balance, their sum
/// (128-bit, it cannot overflow), the money in transit and the customers below zero. Money moving from a hot
/// account's sub-account to its main account (swept out, not yet in) is still the hot account's: it counts in
/// the sum, and as money in transit.
/// </summary>
public sealed class LedgerSummary
{
    private readonly Dictionary<AccountId, long> _balances = [];
    private readonly Dictionary<(AccountId Main, int Index), long> _subAccountBalances = [];
    private readonly HashSet<AccountId> _customers = [];
    private readonly Dictionary<(AccountId Main, int Index, long Sequence), long> _sweepsOut = [];
    private readonly HashSet<(AccountId Main, int Index, long Sequence)> _sweepsIn = [];

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
            case AccountSweptIn swept:
                _balances[account] = swept.Entry.BalanceAfter;
                _sweepsIn.Add((account, swept.SubAccount, swept.Sequence));
                break;
        }
    }

    public void Add(AccountId main, int index, SubAccountEvent subAccountEvent)
    {
        switch (subAccountEvent)
        {
            case SubAccountCredited credited:
                _subAccountBalances[(main, index)] = credited.Entry.BalanceAfter;
                break;
            case SubAccountSwept swept:
                _subAccountBalances[(main, index)] = swept.Entry.BalanceAfter;
                _sweepsOut[(main, index, swept.Sequence)] = -swept.Entry.Amount;
                break;
        }
    }

    public int Accounts => _balances.Keys.Union(_customers).Count();

    public Int128 Sum => Total(_balances.Values) + Total(_subAccountBalances.Values) + SweepsUnderway;

    public Int128 InTransit => _balances
        .Where(pair => InternalAccounts.IsInTransit(pair.Key))
        .Aggregate(Int128.Zero, (sum, pair) => sum + pair.Value) + SweepsUnderway;

    public ImmutableArray<string> CustomersBelowZero =>
    [
        .. _balances.Where(pair => _customers.Contains(pair.Key) && pair.Value < 0).Select(pair => pair.Key.Value)
            .Concat(_subAccountBalances.Where(pair => pair.Value < 0).Select(pair => $"{pair.Key.Main}/{pair.Key.Index}"))
            .Order(),
    ];

    private Int128 SweepsUnderway => Total(_sweepsOut.Where(sweep => !_sweepsIn.Contains(sweep.Key)).Select(sweep => sweep.Value));

    private static Int128 Total(IEnumerable<long> amounts) => amounts.Aggregate(Int128.Zero, (sum, amount) => sum + amount);
}
