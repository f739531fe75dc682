using Exchange.Contracts.Catalog;
using Exchange.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace Exchange.Silo.Tests;

public sealed class ClusterFailoverTests
{
    [Fact]
    public async Task Two_silos_form_a_cluster_through_PostgreSQL_and_grain_calls_survive_SIGKILL_of_one()
    {
        await using var db = await TestDatabase.CreateAsync("failover", migrate: false);
        var clusterId = $"failover-{Guid.NewGuid():N}";
        await using var first = SiloProcess.Start(db.ConnectionString, clusterId);
        await first.WaitReadyAsync();
        await using var second = SiloProcess.Start(db.ConnectionString, clusterId);
        await second.WaitReadyAsync();

        await Eventually.HoldsAsync("two active silos in the membership table", TimeSpan.FromSeconds(60), async () =>
            await db.ScalarAsync<int>($"SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = '{clusterId}' AND status = 3") == 2);

        using var client = await ClusterClient.ConnectAsync(db.ConnectionString, clusterId);
        var grains = client.Services.GetRequiredService<IClusterClient>();
        var catalog = grains.GetGrain<ICatalogGrain>(ICatalogGrain.SingletonKey);
        Assert.NotEmpty(await catalog.GetRegions());

        // Kill the silo that hosts the activation, so the call must move to the survivor.
        var host = await FindCatalogHostAsync(grains);
        var (victim, survivor) = host.Endpoint.Port == first.SiloPort ? (first, second) : (second, first);
        victim.Kill();

        await Eventually.HoldsAsync("a catalog call answered after the SIGKILL", TimeSpan.FromSeconds(90), async () =>
            (await catalog.GetRegions().WaitAsync(TimeSpan.FromSeconds(5))).Count > 0);
        var newHost = await FindCatalogHostAsync(grains);
        Assert.Equal(survivor.SiloPort, newHost.Endpoint.Port);
        await Eventually.HoldsAsync("the killed silo declared dead in the membership table", TimeSpan.FromSeconds(90), async () =>
            await db.ScalarAsync<int>($"SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = '{clusterId}' AND port = {victim.SiloPort} AND status = 6") == 1);
        Assert.False(survivor.HasExited, survivor.Output);
    }

    private static async Task<SiloAddress> FindCatalogHostAsync(IClusterClient grains)
    {
        var statistics = await grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        var catalogType = typeof(Exchange.Grains.Catalog.CatalogGrain).FullName + ",";
        return statistics.Single(s => s.GrainType.StartsWith(catalogType, StringComparison.Ordinal)).SiloAddress;
    }
}
