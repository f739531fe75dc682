using Exchange.Contracts.Catalog;

namespace Exchange.Grains.Tests;

[Collection(PostgresClusterCollection.Name)]
public sealed class CatalogGrainTests(PostgresClusterFixture fixture)
{
    [Fact]
    public async Task Catalog_serves_the_regions_and_models_shipped_in_silo_config()
    {
        var catalog = fixture.Cluster.GrainFactory.GetGrain<ICatalogGrain>(ICatalogGrain.SingletonKey);

        var regions = await catalog.GetRegions();
        var models = await catalog.GetModels();

        Assert.Equal(["hainan", "guangdong"], regions.Select(r => r.Id));
        Assert.True(regions.Single(r => r.Id == "hainan").FreeTradePort);
        Assert.NotEmpty(models);
        Assert.All(models, m => Assert.False(string.IsNullOrWhiteSpace(m.Name)));
    }
}
