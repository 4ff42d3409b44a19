using AkkaPay.Load;

namespace AkkaPay.Load.Tests;

public class LatencyRecorderTests
{
    [Fact]
    public void Latency_counts_from_the_intended_send_time_so_a_stall_is_not_hidden()
    {
        var recorder = new LatencyRecorder();
        // the system stalled for 1 s: the request meant for 0.0 s and the 99 meant for the next 0.99 s all answered at 1.0 s
        for (var i = 0; i < 100; i++) recorder.Record(Flow.TopUp, TimeSpan.FromMilliseconds(10 * i), TimeSpan.FromSeconds(1), errorCode: null);

        var latency = recorder.ByFlow()[Flow.TopUp];
        Assert.Equal(100, latency.Count);
        Assert.InRange(latency.Max, 999, 1001);
        Assert.InRange(latency.P50, 499, 511);   // a closed-loop client would have measured ~0 ms for most of them
    }

    [Fact]
    public void Errors_are_counted_by_flow_and_code_and_by_second()
    {
        var recorder = new LatencyRecorder();
        recorder.Record(Flow.Withdrawal, TimeSpan.Zero, TimeSpan.FromMilliseconds(5), "insufficient_funds");
        recorder.Record(Flow.Withdrawal, TimeSpan.Zero, TimeSpan.FromMilliseconds(1_500), "cell_unavailable");
        recorder.Record(Flow.Withdrawal, TimeSpan.Zero, TimeSpan.FromMilliseconds(1_600), "cell_unavailable");
        recorder.Record(Flow.TopUp, TimeSpan.Zero, TimeSpan.FromMilliseconds(7), null);

        Assert.Equal((4, 3), (recorder.Count, recorder.Errors));
        Assert.Equal(new Dictionary<string, long> { ["insufficient_funds"] = 1, ["cell_unavailable"] = 2 }, recorder.ErrorsByFlow()[Flow.Withdrawal]);
        Assert.Equal([(0, 1L, 2L), (1, 2L, 2L)], recorder.BySecond().Select(s => (s.Second, s.Errors, s.Latency.Count)));
    }

    [Fact]
    public void Each_answer_counts_for_the_ramp_step_its_request_was_meant_for_however_late_it_came()
    {
        var recorder = new LatencyRecorder([new RampStep(100, TimeSpan.FromSeconds(1)), new RampStep(200, TimeSpan.FromSeconds(2))]);
        recorder.Record(Flow.TopUp, TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(510), null);
        recorder.Record(Flow.TopUp, TimeSpan.FromMilliseconds(999), TimeSpan.FromMilliseconds(2_999), "cell_unavailable");   // answered in step 2's time
        recorder.Record(Flow.TopUp, TimeSpan.FromMilliseconds(1_000), TimeSpan.FromMilliseconds(1_040), null);
        recorder.Record(Flow.TopUp, TimeSpan.FromMilliseconds(3_500), TimeSpan.FromMilliseconds(3_501), null);   // after the schedule: no step

        var steps = recorder.ByStep();

        Assert.Equal([(100.0, 2L, 1L), (200.0, 1L, 0L)], steps.Select(s => (s.Step.RatePerSecond, s.Latency.Count, s.Errors)));
        Assert.InRange(steps[0].Latency.Max, 1_999, 2_001);
        Assert.InRange(steps[1].Latency.Max, 39, 41);
    }
}
