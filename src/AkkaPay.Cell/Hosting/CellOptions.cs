using AkkaPay.Cell.Persistence;

namespace AkkaPay.Cell.Hosting;

/// <summary>Everything one cell needs, stated at the call site rather than left to library defaults.</summary>
public sealed record CellOptions(string CellId, JournalOptions Journal)
{
    /// <summary>The fewest events between two snapshots of an account; big accounts wait longer (<see cref="Accounts.SnapshotSchedule"/>).</summary>
    public int SnapshotEvery { get; init; } = 1000;
    public TimeSpan PassivateIdleAfter { get; init; } = TimeSpan.FromMinutes(2);
    public int MerchantFeeBasisPoints { get; init; } = 60;
    /// <summary>
    /// How often a payment checks for a step still unanswered since the last check, and sends it again. A step's
    /// message is lost when its shard is handed off (regions drop what they buffered for it), so a lost step must be
    /// sent again well within the caller's deadline (5 s): unanswered for 1–2 s, it is.
    /// </summary>
    public TimeSpan StepRetryInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a cross-cell payment's caller waits for the credit before getting 202 in_transit.</summary>
    public TimeSpan CrossCellAnswerAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a payment waits for another cell to confirm the payee exists before it goes on without knowing.</summary>
    public TimeSpan RemotePayeeCheckMax { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A finished payment stays in memory this long after its last message, then passivates; zero (the default)
    /// passivates it as soon as it answered. A finished payment kept awake is what the garbage collector pays for
    /// (measured: at 4,000 payments/s, 100 ms of idling made every young collection copy ~50 % more), and waking it
    /// again for a late replay is one journal read.
    /// </summary>
    public TimeSpan FinishedPaymentIdleMax { get; init; } = TimeSpan.Zero;

    /// <summary>How often the cell wakes the payments its journal lists as pending (besides once at start).</summary>
    public TimeSpan PendingPaymentSweepInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a hot account folds its sub-accounts' money into its main account.</summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the cell's shard coordinators look for shards on the wrong color (after a traffic shift).</summary>
    public TimeSpan RebalanceInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The most shards of one region handed off at once in a shift; their requests wait while they move.</summary>
    public int ShardMovesAtOnceMax { get; init; } = 5;

    public string Role => CellNames.Role(CellId);
    public string AccountRegionName => CellNames.AccountRegion(CellId);
    public string PaymentRegionName => CellNames.PaymentRegion(CellId);
}
