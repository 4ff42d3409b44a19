namespace AkkaPay.Domain.Accounts.Hot;

/// <summary>What a sub-account answers to a sweep: the amount it gave (maybe given before), and the event to persist if any.</summary>
public sealed record SweepOutcome(long Sequence, long Amount, SubAccountSwept? Event);

/// <summary>
/// One of a hot account's sub-accounts: it takes credits (each posting once) and gives its balance to the main
/// account when swept. It never goes below zero. <see cref="Credited"/> only grows: readers add it to what the
/// main account has swept in so far, which counts money moving between them exactly once.
/// </summary>
public sealed record SubAccountState
{
    public required AccountId Main { get; init; }
    public required int Index { get; init; }
    public long Balance { get; init; }
    public long Credited { get; init; }
    public long LastSweep { get; init; }
    public long LastSweepAmount { get; init; }
    public EntryLog Entries { get; init; } = EntryLog.New();

    public string Name => $"{Main}/{Index}";

    public static SubAccountState FromSnapshot(AccountId main, int index, long balance, long credited, long lastSweep, long lastSweepAmount, EntryLog entries) =>
        new()
        {
            Main = main, Index = index, Balance = balance, Credited = credited, LastSweep = lastSweep, LastSweepAmount = lastSweepAmount,
            Entries = entries,
        };

    public PostOutcome DecideCredit(Posting posting, DateTimeOffset at)
    {
        if (posting.Account != Main || posting.Amount <= 0) throw new InvalidOperationException($"sub-account {Name} takes credits of {Main} only");
        if (Entries.TryFind(posting.PostingId, out var booked)) return new PostOutcome.AlreadyBooked(posting.PostingId, booked);
        long balanceAfter;
        try
        {
            balanceAfter = checked(Balance + posting.Amount);
            _ = checked(Credited + posting.Amount);
        }
        catch (OverflowException)
        {
            return new PostOutcome.Refused(new Rejection(RejectionCodes.LimitExceeded, $"account {Main} cannot hold that much"));
        }
        return new PostOutcome.BookOnSubAccount(new SubAccountCredited(new AccountEntry(posting.PostingId, posting.PaymentId, posting.Amount, balanceAfter, at), posting.TraceId));
    }

    /// <summary>Sweep <paramref name="sequence"/> (the main account counts them): at most <paramref name="limit"/> goes, the same answer if asked again.</summary>
    public SweepOutcome DecideSweep(long sequence, long limit, DateTimeOffset at)
    {
        if (sequence == LastSweep) return new SweepOutcome(sequence, LastSweepAmount, null);
        if (sequence != LastSweep + 1) throw new InvalidOperationException($"sub-account {Name} swept up to {LastSweep}, asked for sweep {sequence}");
        var amount = Math.Min(Balance, limit);
        if (amount <= 0) return new SweepOutcome(LastSweep, 0, null);
        var postingId = $"{Main}:sweep:{Index}:{sequence}";
        return new SweepOutcome(sequence, amount, new SubAccountSwept(sequence, new AccountEntry($"{postingId}/out", postingId, -amount, Balance - amount, at)));
    }

    public SubAccountState Apply(SubAccountEvent subAccountEvent) => subAccountEvent switch
    {
        SubAccountCredited credited => this with
        {
            Balance = credited.Entry.BalanceAfter,
            Credited = checked(Credited + credited.Entry.Amount),
            Entries = Entries.Append(credited.Entry),
        },
        SubAccountSwept swept => this with { Balance = swept.Entry.BalanceAfter, LastSweep = swept.Sequence, LastSweepAmount = -swept.Entry.Amount },
        _ => throw new ArgumentOutOfRangeException(nameof(subAccountEvent), subAccountEvent, "unknown sub-account event"),
    };
}
