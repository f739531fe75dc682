using Exchange.Grains.Tests.TestGrains;
using Exchange.TestSupport;

namespace Exchange.Grains.Tests;

[Collection(PostgresClusterCollection.Name)]
public sealed class ReminderTests(PostgresClusterFixture fixture)
{
    [Fact]
    public async Task A_reminder_stored_in_PostgreSQL_fires()
    {
        var grain = fixture.Cluster.GrainFactory.GetGrain<IProbeGrain>($"ticker-{Guid.NewGuid():N}");

        await grain.StartTicking(TimeSpan.FromSeconds(1));

        Assert.Equal(1, await fixture.Database.ScalarAsync<int>(
            $"SELECT count(*) FROM orleansreminderstable WHERE grainid LIKE '%{grain.GetPrimaryKeyString()}%'"));
        await Eventually.HoldsAsync("the reminder's first tick", TimeSpan.FromSeconds(60), async () => (await grain.Read()).Ticks >= 1);
        await grain.StopTicking();
        Assert.Equal(0, await fixture.Database.ScalarAsync<int>(
            $"SELECT count(*) FROM orleansreminderstable WHERE grainid LIKE '%{grain.GetPrimaryKeyString()}%'"));
    }
}
