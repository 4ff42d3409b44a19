using System.Diagnostics;

namespace AkkaPay.Cell.Persistence.GroupCommit;

/// <summary>
/// Whether a batch worker waits a moment before it takes its next batch, so that a busy journal commits fewer and
/// bigger groups (PostgreSQL's <c>commit_delay</c> has the same idea). Busy means that batches follow each other
/// closer than the busy interval; a quiet worker never waits. Used by one worker thread at a time.
/// </summary>
internal sealed class BusyPause(TimeSpan busyInterval, TimeSpan pause, Func<TimeSpan> clock, Action<TimeSpan> wait)
{
    private TimeSpan? _lastBatch;

    public static BusyPause Never => new(TimeSpan.Zero, TimeSpan.Zero, () => TimeSpan.Zero, _ => { });

    public static BusyPause Sleeping(TimeSpan busyInterval, TimeSpan pause) =>
        new(busyInterval, pause, () => Stopwatch.GetElapsedTime(0), Thread.Sleep);

    /// <summary>Called when work is there, just before the batch is taken.</summary>
    public void BeforeBatch()
    {
        if (clock() - _lastBatch < busyInterval) wait(pause);
        _lastBatch = clock();
    }
}
