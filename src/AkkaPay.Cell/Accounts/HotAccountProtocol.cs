using AkkaPay.Domain.Accounts;
using AkkaPay.Domain.Accounts.Hot;

namespace AkkaPay.Cell.Accounts;

/// <summary>Make an account hot, or change how many sub-accounts it spreads its credits over.</summary>
public sealed record MakeHot(AccountId AccountId, int SubAccounts, string TraceId) : ICellMessage, IAkkaPayMessage
{
    public string EntityId => AccountId.Value;
}

/// <summary>The names of a hot account's sub-accounts: the entity id starts with the account, so it lives in the account's shard.</summary>
public static class SubAccountNames
{
    public static string EntityId(AccountId main, int index) => $"{main}.{index}";

    public static string PersistenceId(AccountId main, int index) => $"subaccount-{main}-{index}";

    public const string PersistencePrefix = "subaccount-";

    public static (AccountId Main, int Index) Parse(string entityId) =>
        (AccountId.Parse(entityId[..AccountId.Length]), int.Parse(entityId.AsSpan(AccountId.Length + 1)));

    public static (AccountId Main, int Index) ParsePersistenceId(string persistenceId) =>
        Parse(persistenceId[PersistencePrefix.Length..].Replace('-', '.'));
}

/// <summary>A credit of the hot account, for sub-account <see cref="Index"/> to book; the answer goes to the payment.</summary>
public sealed record CreditSubAccount(int Index, Posting Posting) : ICellMessage, IAkkaPayMessage
{
    public string EntityId => SubAccountNames.EntityId(Posting.Account, Index);
}

/// <summary>The main account asks for sweep <see cref="Sequence"/>: give at most <see cref="Limit"/>.</summary>
public sealed record SweepSubAccount(AccountId Main, int Index, long Sequence, long Limit) : ICellMessage, IAkkaPayMessage
{
    public string EntityId => SubAccountNames.EntityId(Main, Index);
}

/// <summary>What sweep <see cref="Sequence"/> gave (0: nothing to give, and no sweep was recorded).</summary>
public sealed record SweepResult(AccountId Main, int Index, long Sequence, long Amount) : IAkkaPayMessage;

/// <summary>Read a sub-account: what it was ever credited and its newest entries.</summary>
public sealed record GetSubAccount(AccountId Main, int Index, int EntriesLimit) : ICellMessage, IAkkaPayMessage
{
    public string EntityId => SubAccountNames.EntityId(Main, Index);
}

public sealed record SubAccountView(AccountId Main, int Index, long Balance, long Credited, long LastSweep, IReadOnlyList<AccountEntry> Entries) : IAkkaPayMessage;

/// <summary>What a sub-account's snapshot holds: as an account's (<see cref="AccountSnapshot"/>).</summary>
public sealed record SubAccountSnapshot(
    AccountId Main, int Index, long Balance, long Credited, long LastSweep, long LastSweepAmount, IReadOnlyList<AccountEntry> Entries, byte[]? EarlierPostings = null)
    : IAkkaPayMessage;
