using AkkaPay.Cell.Accounts;

namespace AkkaPay.Cell.Tests;

public sealed class SnapshotScheduleTests
{
    [Fact]
    public void A_small_account_saves_a_snapshot_every_configured_number_of_events()
    {
        var schedule = new SnapshotSchedule(every: 100);

        Assert.False(schedule.IsDue(99));
        Assert.True(schedule.IsDue(100));
        schedule.Taken(100, postings: 40);
        Assert.False(schedule.IsDue(199));
        Assert.True(schedule.IsDue(200));
    }

    [Fact]
    public void A_big_account_waits_as_many_events_as_it_has_booked_postings()
    {
        var schedule = new SnapshotSchedule(every: 100);

        schedule.Taken(5_000, postings: 4_000);

        Assert.False(schedule.IsDue(8_999));
        Assert.True(schedule.IsDue(9_000));
    }

    [Fact]
    public void A_recovered_account_that_replayed_past_its_due_point_saves_at_its_next_event()
    {
        var schedule = new SnapshotSchedule(every: 100);

        schedule.Taken(200, postings: 150);

        Assert.True(schedule.IsDue(1_000));
    }
}
