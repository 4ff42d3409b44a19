using System.Collections.Concurrent;
using Akka.Event;
using AkkaPay.Cell.Persistence.GroupCommit;
using Microsoft.Data.Sqlite;

namespace AkkaPay.Cell.Tests;

public sealed class BatchWorkerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public void A_worker_waits_before_a_batch_only_while_batches_follow_each_other_closely()
    {
        var steps = new BlockingCollection<string>();
        var now = TimeSpan.Zero;
        var pause = new BusyPause(busyInterval: TimeSpan.FromMilliseconds(2), pause: TimeSpan.FromMilliseconds(1),
            clock: () => now, wait: waited => steps.Add($"wait {waited.TotalMilliseconds} ms"));
        using var worker = new BatchWorker<int>("test worker", () => new SqliteConnection(), sizeMax: 100, _ => 1,
            (_, batch) => steps.Add($"batch {string.Join(',', batch)}"), (_, _) => { }, NoLogger.Instance, pause);

        worker.Add(1);
        Assert.Equal("batch 1", Next(steps));

        now += TimeSpan.FromMilliseconds(0.5);
        worker.Add(2);
        Assert.Equal("wait 1 ms", Next(steps));
        Assert.Equal("batch 2", Next(steps));

        now += TimeSpan.FromMilliseconds(10);
        worker.Add(3);
        Assert.Equal("batch 3", Next(steps));
    }

    private static string Next(BlockingCollection<string> steps) =>
        steps.TryTake(out var step, Patience) ? step : throw new TimeoutException("the worker did nothing");
}
