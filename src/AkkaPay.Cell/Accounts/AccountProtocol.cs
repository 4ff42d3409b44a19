using AkkaPay.Domain;
using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Accounts.Hot;
using AkkaPay.Domain.Money;

namespace AkkaPay.Cell.Accounts;

/// <param name="SubAccounts">0 for an ordinary account; otherwise it is opened hot, spreading its credits over this many sub-accounts.</param>
public sealed record OpenAccount(AccountId AccountId, AccountType Type, Currency Currency, string TraceId, int SubAccounts = 0) : ICellMessage, IAkkaPayMessage
{
    public string EntityId => AccountId.Value;
}

public sealed record PostToAccount(Posting Posting) : ICellMessage, IAkkaPayMessage
{
    public string EntityId => Posting.Account.Value;
}

/// <param name="WholeBalance">
/// False when only whether the account exists, its type and currency matter (a payee check): a hot account then
/// answers at once from its main account, without asking its sub-accounts, so the balance leaves out what they hold.
/// </param>
public sealed record GetAccount(AccountId AccountId, bool WholeBalance = true) : ICellMessage, IAkkaPayMessage
{
    public string EntityId => AccountId.Value;
}

public sealed record GetEntries(AccountId AccountId, int Limit) : ICellMessage, IAkkaPayMessage
{
    public string EntityId => AccountId.Value;
}

/// <summary>An account as seen from outside; <see cref="Exists"/> false for an id never opened. A hot account has sub-accounts.</summary>
public sealed record AccountView(AccountId AccountId, bool Exists, AccountType Type, Currency Currency, long Balance, int SubAccounts = 0) : IAkkaPayMessage;

public sealed record AccountEntries(AccountId AccountId, IReadOnlyList<AccountEntry> Entries) : IAkkaPayMessage;

public sealed record AccountRefused(AccountId AccountId, Rejection Why) : IAkkaPayMessage;

/// <summary>The posting is booked; <see cref="Entry"/> is null for a repeat of one older than the entries its account keeps.</summary>
public sealed record Posted(string PostingId, AccountEntry? Entry) : IAkkaPayMessage;

public sealed record PostRefused(string PostingId, Rejection Why) : IAkkaPayMessage;

/// <summary>
/// What an account's snapshot holds: its newest entries, and the hashed posting ids of every posting booked before
/// them (<see cref="EntryLog.Restore"/>; absent from snapshots that held every entry); a hot account's periods and
/// sweeps too (absent from snapshots of before hot accounts).
/// </summary>
public sealed record AccountSnapshot(
    AccountId AccountId, AccountType Type, Currency Currency, long Balance, IReadOnlyList<AccountEntry> Entries,
    IReadOnlyList<HotPeriod>? Hot = null, IReadOnlyDictionary<int, SweepMark>? Sweeps = null, byte[]? EarlierPostings = null) : IAkkaPayMessage;
