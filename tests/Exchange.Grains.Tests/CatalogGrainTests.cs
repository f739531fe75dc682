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

    [Fact]
    public async Task Every_model_has_markets_listed_for_the_next_48_periods_and_the_current_one_is_closed()
    {
        ManualClock.Shared.Set(Markets.MarketFixtures.Start.AddMinutes(30));
        var catalog = fixture.Cluster.GrainFactory.GetGrain<ICatalogGrain>(ICatalogGrain.SingletonKey);

        var markets = await catalog.GetMarkets(null, Markets.MarketFixtures.Start, Markets.MarketFixtures.Start.AddDays(10));

        var models = await catalog.GetModels();
        Assert.All(models, m => Assert.Equal(48, markets.Count(x => x.Model == m.Id && x.Open)));
        Assert.All(markets.Where(x => !x.Open), x => Assert.Equal(Markets.MarketFixtures.Start, x.PeriodStart));
        Assert.Equal(markets.OrderBy(x => x.PeriodStart).Select(x => x.MarketId), markets.Select(x => x.MarketId));
        Assert.NotNull(await catalog.GetMarket(markets[^1].MarketId));
        Assert.Null(await catalog.GetMarket("chat-70b.20300101T0030"));
        Assert.Null(await catalog.GetMarket("no-such-model.20300101T0500"));
    }
}
