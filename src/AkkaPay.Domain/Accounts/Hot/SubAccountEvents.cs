namespace AkkaPay.Domain.Accounts.Hot;

public abstract record SubAccountEvent;

/// <summary>A credit of the hot account, booked by this sub-account.</summary>
public sealed record SubAccountCredited(AccountEntry Entry, string TraceId) : SubAccountEvent;

/// <summary>Sweep <see cref="Sequence"/> took this amount out toward the main account (the entry is negative).</summary>
public sealed record SubAccountSwept(long Sequence, AccountEntry Entry) : SubAccountEvent;
