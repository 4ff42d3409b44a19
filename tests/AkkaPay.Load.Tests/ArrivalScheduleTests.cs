using AkkaPay.Load;

namespace AkkaPay.Load.Tests;

public class ArrivalScheduleTests
{
    [Fact]
    public void A_constant_rate_sends_rate_times_duration_requests_evenly_spaced()
    {
        var offsets = ArrivalSchedule.Constant(200, TimeSpan.FromSeconds(3)).Offsets().ToList();
        Assert.Equal(600, offsets.Count);
        Assert.Equal(TimeSpan.Zero, offsets[0]);
        Assert.All(offsets.Zip(offsets.Skip(1)), pair => Assert.InRange((pair.Second - pair.First).TotalMilliseconds, 4.999, 5.001));
    }

    [Fact]
    public void A_ramp_runs_its_steps_one_after_the_other()
    {
        var offsets = ArrivalSchedule.Ramp(ArrivalSchedule.ParseRamp("10:1s,100:2s")).Offsets().ToList();
        Assert.Equal(10 + 200, offsets.Count);
        Assert.Equal(10, offsets.Count(o => o < TimeSpan.FromSeconds(1)));
        Assert.Equal(TimeSpan.FromSeconds(1), offsets[10]);
        Assert.True(offsets[^1] < TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void The_request_cap_stops_the_schedule_early() =>
        Assert.Equal(42, ArrivalSchedule.Constant(1_000, TimeSpan.FromSeconds(10), maxRequests: 42).Offsets().Count());

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(double.NaN)]
    public void A_rate_that_is_not_above_zero_is_refused(double rate) =>
        Assert.Throws<ArgumentException>(() => ArrivalSchedule.Constant(rate, TimeSpan.FromSeconds(1)));

    [Theory]
    [InlineData("100")]
    [InlineData("100:")]
    [InlineData("x:10s")]
    [InlineData("100:10h")]
    [InlineData("100:-1s")]
    public void A_ramp_step_that_is_not_rate_colon_duration_is_refused(string ramp) =>
        Assert.Throws<FormatException>(() => ArrivalSchedule.ParseRamp(ramp));

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("10s", 10_000)]
    [InlineData("2m", 120_000)]
    public void Durations_parse(string text, int milliseconds)
    {
        Assert.True(ArrivalSchedule.TryParseDuration(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }
}
