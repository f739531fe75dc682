using Exchange.Grains.Markets;

namespace Exchange.Grains.Tests.Markets;

public sealed class SnapshotScheduleTests
{
    [Fact]
    public void A_new_market_snapshots_after_the_configured_number_of_commands()
    {
        var schedule = new SnapshotSchedule(everyCommands: 3);

        Assert.Equal([false, false, true], Journal(schedule, 3, commandBytes: 100));
    }

    [Fact]
    public void After_a_snapshot_larger_than_the_commands_since_the_next_waits_for_as_many_journal_bytes()
    {
        var schedule = new SnapshotSchedule(everyCommands: 3);
        schedule.Taken(snapshotBytes: 1_000);

        var due = Journal(schedule, 12, commandBytes: 100);

        Assert.Equal(9, due.IndexOf(true));
    }

    [Fact]
    public void A_small_snapshot_still_waits_for_the_configured_number_of_commands()
    {
        var schedule = new SnapshotSchedule(everyCommands: 5);
        schedule.Taken(snapshotBytes: 10);

        Assert.Equal(4, Journal(schedule, 5, commandBytes: 100).IndexOf(true));
    }

    [Fact]
    public void A_market_restored_from_a_snapshot_counts_that_snapshot_and_the_replayed_commands()
    {
        var schedule = new SnapshotSchedule(everyCommands: 2, snapshotBytes: 500);
        Journal(schedule, 3, commandBytes: 100);

        Assert.Equal(1, Journal(schedule, 5, commandBytes: 100).IndexOf(true));
    }

    [Fact]
    public void Taking_a_snapshot_starts_the_count_again()
    {
        var schedule = new SnapshotSchedule(everyCommands: 2);
        Assert.Equal([false, true, true], Journal(schedule, 3, commandBytes: 100));

        schedule.Taken(snapshotBytes: 150);

        Assert.Equal([false, true], Journal(schedule, 2, commandBytes: 100));
    }

    [Fact]
    public void A_schedule_needs_a_positive_command_count()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SnapshotSchedule(everyCommands: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SnapshotSchedule(everyCommands: 1, snapshotBytes: -1));
    }

    private static List<bool> Journal(SnapshotSchedule schedule, int commands, int commandBytes) =>
        [.. Enumerable.Range(0, commands).Select(_ => schedule.Journaled(commandBytes))];
}
