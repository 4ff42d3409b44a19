using System.Diagnostics;

namespace AkkaPay.Load;

/// <summary>A request the run sent and what came back: its history, for a run that is checked afterwards.</summary>
/// <param name="Intended">When the schedule meant to send it, from the start of the run.</param>
/// <param name="Answered">When its answer, or its failure, arrived.</param>
public sealed record SentRequest(LoadRequest Request, TimeSpan Intended, TimeSpan Answered, Answer Answer);

/// <summary>Where a run is, once a second: for the live view.</summary>
public sealed record RunProgress(TimeSpan Elapsed, long Sent, long Answered, double RatePerSecond, long Errors, LatencySummary Latency);

/// <summary>
/// Sends the workload's requests at the schedule's times without waiting for answers (open loop), records each
/// answer's latency from its intended time, and waits at the end for the answers still out (bounded). Each answer
/// also goes to <paramref name="history"/>, when given.
/// </summary>
public sealed class LoadRunner(RouterClient client, Workload workload, LatencyRecorder recorder, int maxInFlight, Action<SentRequest>? history = null)
{
    public const string ClientOverloaded = "client_overloaded";
    private static readonly TimeSpan DrainMax = TimeSpan.FromSeconds(60);

    private long _inFlight;
    private long _sent;

    public async Task<TimeSpan> RunAsync(ArrivalSchedule schedule, Action<RunProgress>? progress, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var nextProgress = TimeSpan.FromSeconds(1);
        long answeredAtLastProgress = 0;
        foreach (var intended in schedule.Offsets())
        {
            if (cancel.IsCancellationRequested) break;
            var wait = intended - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait, CancellationToken.None);
            if (progress is not null && clock.Elapsed >= nextProgress)
            {
                var answered = recorder.Count;
                progress(new RunProgress(clock.Elapsed, _sent, answered, answered - answeredAtLastProgress, recorder.Errors, recorder.All()));
                answeredAtLastProgress = answered;
                nextProgress += TimeSpan.FromSeconds(1);
            }
            var request = workload.Next();
            _sent++;
            if (Interlocked.Read(ref _inFlight) >= maxInFlight)
            {
                // the system is so far behind that this client would only pile up sockets: count it as an error, do not send
                recorder.Record(request.Flow, intended, clock.Elapsed, ClientOverloaded);
                continue;
            }
            Interlocked.Increment(ref _inFlight);
            _ = Send(request, intended, clock);
        }
        var drainUntil = clock.Elapsed + DrainMax;
        while (Interlocked.Read(ref _inFlight) > 0 && clock.Elapsed < drainUntil) await Task.Delay(20, CancellationToken.None);
        return clock.Elapsed;
    }

    private async Task Send(LoadRequest request, TimeSpan intended, Stopwatch clock)
    {
        try
        {
            var answer = await client.Post(request.Path, request.Json);
            var answered = clock.Elapsed;
            recorder.Record(request.Flow, intended, answered, answer.ErrorCode);
            workload.Observe(request, answer);
            history?.Invoke(new SentRequest(request, intended, answered, answer));
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
