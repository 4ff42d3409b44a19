using AkkaPay.Cell.Accounts;

namespace AkkaPay.Cell.Tests;

public sealed class SnapshotScheduleTests
{
    private const string Account = "account-2088000000000137";

    [Fact]
    public void A_small_account_saves_its_first_snapshot_after_the_configured_number_of_events_plus_its_offset_then_every_that_many()
    {
        var schedule = new SnapshotSchedule(every: 100, Account);
        var first = 100 + SnapshotSchedule.FirstOffset(Account, 100);

        Assert.False(schedule.IsDue(first - 1));
        Assert.True(schedule.IsDue(first));
        schedule.Taken(first, postings: 40);
        Assert.False(schedule.IsDue(first + 99));
        Assert.True(schedule.IsDue(first + 100));
    }

    [Fact]
    public void Equally_busy_accounts_spread_their_first_snapshots()
    {
        var offsets = Enumerable.Range(0, 1_000).Select(i => SnapshotSchedule.FirstOffset($"account-20880000000{i:D5}", 1_000)).ToList();

        Assert.All(offsets, offset => Assert.InRange(offset, 0, 999));
        Assert.True(offsets.Distinct().Count() > 500);
    }

    [Fact]
    public void A_big_account_waits_as_many_events_as_it_has_booked_postings()
    {
        var schedule = new SnapshotSchedule(every: 100, Account);

        schedule.Taken(5_000, postings: 4_000);

        Assert.False(schedule.IsDue(8_999));
        Assert.True(schedule.IsDue(9_000));
    }

    [Fact]
    public void A_recovered_account_that_replayed_past_its_due_point_saves_at_its_next_event()
    {
        var schedule = new SnapshotSchedule(every: 100, Account);

        schedule.Taken(200, postings: 150);

        Assert.True(schedule.IsDue(1_000));
    }
}
