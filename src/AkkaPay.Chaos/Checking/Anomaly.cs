namespace AkkaPay.Chaos.Checking;

/// <summary>The invariants of the ledger a run is checked against; each broken one is an anomaly of its kind.</summary>
public static class AnomalyKinds
{
    public const string LostAcknowledged = "lost_acknowledged";
    public const string AcknowledgedNotFinal = "acknowledged_not_final";
    public const string AcknowledgedThenFailed = "acknowledged_then_failed";
    public const string RefusedButBooked = "refused_but_booked";
    public const string AppliedTwice = "applied_twice";
    public const string PartiallyApplied = "partially_applied";
    public const string StuckPayment = "stuck_payment";
    public const string ReplayDiffers = "replay_differs";
    public const string EntrySequenceBroken = "entry_sequence_broken";
    public const string BalanceDiffers = "balance_differs";
    public const string NotConserved = "not_conserved";
    public const string StuckInTransit = "stuck_in_transit";
    public const string BelowZero = "below_zero";
    public const string JournalGap = "journal_gap";
    public const string SecondWriter = "second_writer";
    public const string SecondWriterRefused = "second_writer_refused";
    /// <summary>A fault the cluster did not recover from: a node not ready, or a cell not serving, minutes after it healed.</summary>
    public const string NotHealed = "not_healed";
}

/// <summary>One broken invariant: what, about which payment, stream or account, and the requests that show it.</summary>
public sealed record Anomaly(string Kind, string Subject, string Detail, IReadOnlyList<string> RequestIds)
{
    public override string ToString() => $"{Kind} {Subject}: {Detail}" + (RequestIds.Count > 0 ? $" (requests {string.Join(", ", RequestIds)})" : "");
}
