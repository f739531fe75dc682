using Exchange.Grains.Tests.TestGrains;
using Exchange.TestSupport;

namespace Exchange.Grains.Tests;

public sealed class ReminderTests
{
    [Fact]
    public async Task A_reminder_stored_in_PostgreSQL_fires_on_a_silo_that_only_read_it_from_the_table()
    {
        await using var db = await TestDatabase.CreateAsync("reminders");
        var serviceId = $"reminders-{Guid.NewGuid():N}";
        var key = $"ticker-{Guid.NewGuid():N}";

        // Registered on one cluster, which then stops before the reminder is due...
        var first = await PostgresClusterFixture.StartClusterAsync(db, serviceId, silos: 1);
        await first.GrainFactory.GetGrain<IProbeGrain>(key).StartTicking(TimeSpan.FromSeconds(8));
        await first.StopAllSilosAsync();
        await first.DisposeAsync();
        Assert.Equal(1, await db.ScalarAsync<int>($"SELECT count(*) FROM orleansreminderstable WHERE grainid LIKE '%{key}%'"));

        // ...so only a fresh cluster (two silos, splitting the hash ring) can fire it, from what it reads back.
        var second = await PostgresClusterFixture.StartClusterAsync(db, serviceId, silos: 2);
        try
        {
            var grain = second.GrainFactory.GetGrain<IProbeGrain>(key);
            await Eventually.HoldsAsync("the stored reminder's first tick on the new cluster", TimeSpan.FromSeconds(90),
                async () => (await grain.Read()).Ticks >= 1, TimeSpan.FromSeconds(1));
            await grain.StopTicking();
            Assert.Equal(0, await db.ScalarAsync<int>($"SELECT count(*) FROM orleansreminderstable WHERE grainid LIKE '%{key}%'"));
        }
        finally
        {
            await second.StopAllSilosAsync();
            await second.DisposeAsync();
        }
    }
}
