using AkkaPay.Domain;

namespace AkkaPay.Cell.Accounts;

/// <summary>
/// When an account or sub-account saves its next snapshot. A snapshot holds something for every posting ever booked
/// (the newest entries, the older postings' hashes), so one every fixed number of events costs more and more as the
/// account grows (measured at 4,000 payments/s when snapshots held every entry: p99 56 ms without account
/// snapshots, 197 ms with one every 1,000 events, rising over a minute). Here the gap to the next snapshot is at
/// least as many events as the last one held postings: each event pays for about one posting's share however big
/// the account is, and a recovery replays at most about as many events as its snapshot held.
/// The first snapshot comes after <c>every</c> events plus an offset of the entity's own (below <c>every</c>):
/// equally busy accounts would otherwise all save their first snapshot in the same few seconds.
/// </summary>
public sealed class SnapshotSchedule(int every, string persistenceId)
{
    private long _next = every + FirstOffset(persistenceId, every);

    /// <summary>The same for an entity every time.</summary>
    public static int FirstOffset(string persistenceId, int every) => (int)(StableHash.Of(persistenceId) % (uint)every);

    public bool IsDue(long sequenceNr) => sequenceNr >= _next;

    /// <summary>A snapshot at <paramref name="sequenceNr"/> of an account with <paramref name="postings"/> postings was saved or recovered.</summary>
    public void Taken(long sequenceNr, int postings) => _next = sequenceNr + Math.Max(every, postings);
}
