using Exchange.Grains.Tests.TestGrains;
using Exchange.TestSupport;

namespace Exchange.Grains.Tests;

public sealed class GrainStorageTests
{
    [Fact]
    public async Task Grain_state_written_to_PostgreSQL_survives_a_silo_restart()
    {
        await using var db = await TestDatabase.CreateAsync("restart");
        var serviceId = $"restart-{Guid.NewGuid():N}";

        var first = await PostgresClusterFixture.StartClusterAsync(db, serviceId, silos: 1);
        await first.GrainFactory.GetGrain<IProbeGrain>("survivor").Increment();
        await first.GrainFactory.GetGrain<IProbeGrain>("survivor").Increment();
        await first.StopAllSilosAsync();
        await first.DisposeAsync();

        var second = await PostgresClusterFixture.StartClusterAsync(db, serviceId, silos: 1);
        try
        {
            var state = await second.GrainFactory.GetGrain<IProbeGrain>("survivor").Read();
            Assert.Equal(2, state.Counter);
            Assert.Equal(1, await db.ScalarAsync<int>("SELECT count(*) FROM orleansstorage"));
        }
        finally
        {
            await second.StopAllSilosAsync();
            await second.DisposeAsync();
        }
    }
}
