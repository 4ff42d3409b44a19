using System.Collections.Immutable;

namespace AkkaPay.Domain.Accounts.Hot;

/// <summary>From this time on, a hot account's credits are spread over this many sub-accounts.</summary>
public sealed record HotPeriod(DateTimeOffset From, int SubAccounts);

/// <summary>
/// How a hot account spreads its credits over its sub-accounts, over time. A credit goes to the sub-account
/// that the period of its payment's start chose, so a leg sent again after N changed still reaches the
/// sub-account that booked it the first time (which is what keeps it booked once).
/// </summary>
public sealed record HotSchedule(ImmutableList<HotPeriod> Periods)
{
    public const int MaxSubAccounts = 64;

    public static readonly HotSchedule None = new(ImmutableList<HotPeriod>.Empty);

    public bool IsHot => !Periods.IsEmpty;

    /// <summary>The sub-accounts new credits go to now (0 when not hot).</summary>
    public int SubAccounts => IsHot ? Periods[^1].SubAccounts : 0;

    /// <summary>How many sub-accounts were ever in use: every one of them may hold money.</summary>
    public int EverUsed => IsHot ? Periods.Max(p => p.SubAccounts) : 0;

    public static string? Problem(int subAccounts) =>
        subAccounts is < 1 or > MaxSubAccounts ? $"subAccounts must be from 1 to {MaxSubAccounts}, not {subAccounts}" : null;

    /// <summary>When a period decided at <paramref name="at"/> starts: never at or before the last one (clocks of other nodes may be behind).</summary>
    public DateTimeOffset NextStart(DateTimeOffset at) => IsHot && at <= Periods[^1].From ? Periods[^1].From.AddTicks(1) : at;

    public HotSchedule With(HotPeriod period) => new(Periods.Add(period));

    /// <returns>The sub-account for a credit of the payment started at <paramref name="issuedAt"/>, or null: the main account books it.</returns>
    public int? SubAccountFor(string paymentId, DateTimeOffset issuedAt)
    {
        var period = Periods.LastOrDefault(p => p.From <= issuedAt);
        return period is null ? null : (int)(StableHash.Of(paymentId) % (uint)period.SubAccounts);
    }
}
