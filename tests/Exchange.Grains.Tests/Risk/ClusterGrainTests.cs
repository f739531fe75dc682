using Exchange.Contracts.Markets;
using Exchange.Grains.Markets;
using Exchange.Markets;
using Exchange.Markets.Clusters;
using Exchange.Storage.Journal;
using Exchange.TestSupport;
using Orleans.Core.Internal;
using static Exchange.Grains.Tests.Markets.MarketFixtures;
using static Exchange.Grains.Tests.Risk.RiskFixtures;

namespace Exchange.Grains.Tests.Risk;

[Collection(PostgresClusterCollection.Name)]
public sealed class ClusterGrainTests(PostgresClusterFixture fixture)
{
    private readonly RiskFixtures _risk = new(fixture.Cluster);

    private IMarketGrain Market => fixture.Cluster.GrainFactory.GetGrain<IMarketGrain>(_risk.MarketId);

    [Fact]
    public async Task A_sell_beyond_the_clusters_capacity_for_the_period_is_refused()
    {
        ManualClock.Shared.Set(Start);
        // 1,000 tokens/s over a one-hour period: 3,600,000 tokens of capacity.
        var (provider, clusterId) = await _risk.NewProviderWithClusterAsync(tokensPerSecond: 1_000);
        await provider.PlaceOrder(_risk.MarketId, Sell(clusterId, "a1", 0.40m, 3_000_000));

        var refused = await provider.PlaceOrder(_risk.MarketId, Sell(clusterId, "a2", 0.40m, 601_000));
        var fits = await provider.PlaceOrder(_risk.MarketId, Sell(clusterId, "a3", 0.40m, 600_000));

        Assert.Equal(RejectCode.CapacityExceeded, refused.RejectReason);
        Assert.NotNull(fits.Order);
        var period = Assert.Single((await _risk.Cluster(clusterId).Get())!.Periods);
        Assert.Equal((3_600_000L, 3_600_000L, 0L), (period.Capacity, period.Offered, period.Allocated));
    }

    [Fact]
    public async Task A_provider_cannot_sell_on_another_providers_cluster()
    {
        ManualClock.Shared.Set(Start);
        var (_, clusterId) = await _risk.NewProviderWithClusterAsync();
        var (other, _) = await _risk.NewProviderWithClusterAsync();

        var refused = await other.PlaceOrder(_risk.MarketId, Sell(clusterId, "a1", 0.40m, 1_000));

        Assert.Equal(RejectCode.UnknownCluster, refused.RejectReason);
    }

    [Fact]
    public async Task An_unhealthy_heartbeat_takes_the_cluster_offline_and_cancels_its_asks()
    {
        ManualClock.Shared.Set(Start);
        var (provider, clusterId) = await _risk.NewProviderWithClusterAsync();
        var ask = (await provider.PlaceOrder(_risk.MarketId, Sell(clusterId, "a1", 0.40m, 10_000))).Order!;

        var view = await _risk.Cluster(clusterId).Heartbeat(healthy: false);

        Assert.Equal(ClusterStatus.Offline, view!.Status);
        Assert.Equal(OrderStatus.Cancelled, (await Market.GetOrder(provider.GetPrimaryKeyString(), ask.OrderId))!.Status);
        Assert.Equal(RejectCode.ClusterOffline, (await provider.PlaceOrder(_risk.MarketId, Sell(clusterId, "a2", 0.40m, 1_000))).RejectReason);
    }

    [Fact]
    public async Task A_cluster_that_stops_sending_heartbeats_is_suspect_and_its_asks_are_cancelled()
    {
        ManualClock.Shared.Set(Start);
        var (provider, clusterId) = await _risk.NewProviderWithClusterAsync();
        var ask = (await provider.PlaceOrder(_risk.MarketId, Sell(clusterId, "a1", 0.40m, 10_000))).Order!;

        ManualClock.Shared.Set(Start.AddMinutes(2));

        await Eventually.HoldsAsync("the silent cluster's ask to be cancelled", TimeSpan.FromSeconds(30), async () =>
            (await Market.GetOrder(provider.GetPrimaryKeyString(), ask.OrderId))!.Status == OrderStatus.Cancelled);
        Assert.Equal(ClusterStatus.Suspect, (await _risk.Cluster(clusterId).Get())!.Status);
        Assert.Equal(RejectCode.ClusterSuspect, (await provider.PlaceOrder(_risk.MarketId, Sell(clusterId, "a2", 0.40m, 1_000))).RejectReason);
    }

    [Fact]
    public async Task Capacity_use_is_rebuilt_from_the_journaled_orders_after_reactivation()
    {
        ManualClock.Shared.Set(Start);
        var (provider, clusterId) = await _risk.NewProviderWithClusterAsync(tokensPerSecond: 1_000);
        await provider.PlaceOrder(_risk.MarketId, Sell(clusterId, "a1", 0.40m, 3_000_000));

        await _risk.Cluster(clusterId).Cast<IGrainManagementExtension>().DeactivateOnIdle();

        Assert.Equal(RejectCode.CapacityExceeded, (await provider.PlaceOrder(_risk.MarketId, Sell(clusterId, "a2", 0.40m, 601_000))).RejectReason);
    }

    [Fact]
    public async Task Capacity_use_is_rebuilt_from_the_markets_that_hold_the_sells()
    {
        ManualClock.Shared.Set(Start);
        var (provider, clusterId) = await _risk.NewProviderWithClusterAsync(tokensPerSecond: 1_000);
        await provider.PlaceOrder(_risk.MarketId, Sell(clusterId, "a1", 0.40m, 3_000_000));

        // The resting sell lives in its market only; the order store holds finished orders.
        Assert.Equal(0, await fixture.Database.ScalarAsync<long>($"SELECT count(*) FROM orders WHERE cluster_id = '{clusterId}'"));
        await _risk.Cluster(clusterId).Cast<IGrainManagementExtension>().DeactivateOnIdle();

        Assert.Equal(RejectCode.CapacityExceeded, (await provider.PlaceOrder(_risk.MarketId, Sell(clusterId, "a2", 0.40m, 601_000))).RejectReason);
        Assert.NotNull((await provider.PlaceOrder(_risk.MarketId, Sell(clusterId, "a3", 0.40m, 600_000))).Order);
    }

    [Fact]
    public async Task A_sell_whose_placement_failed_without_an_answer_keeps_its_capacity_until_the_order_settles_it()
    {
        ManualClock.Shared.Set(Start);
        // 1,000 tokens/s over a one-hour period: 3,600,000 tokens of capacity.
        var (provider, clusterId) = await _risk.NewProviderWithClusterAsync(tokensPerSecond: 1_000);
        await provider.PlaceOrder(_risk.MarketId, Sell(clusterId, "a1", 0.40m, 1_000_000));

        // Whether the unanswered sell became durable is unknown to the provider's grain.
        await _risk.FenceMarketAsync(fixture.Database.DataSource, lastSequence: 1);
        await Assert.ThrowsAsync<ExchangeUnavailableException>(() => provider.PlaceOrder(_risk.MarketId, Sell(clusterId, "a2", 0.40m, 2_000_000)));

        var meanwhile = await provider.PlaceOrder(_risk.MarketId, Sell(clusterId, "a3", 0.40m, 1_000_000));
        var retried = await provider.PlaceOrder(_risk.MarketId, Sell(clusterId, "a2", 0.40m, 2_000_000));

        Assert.Equal(RejectCode.CapacityExceeded, meanwhile.RejectReason);
        Assert.NotNull(retried.Order);
        var period = Assert.Single((await _risk.Cluster(clusterId).Get())!.Periods);
        Assert.Equal(3_000_000L, period.Offered);
    }

    [Fact]
    public async Task A_sell_reserved_by_a_replaced_cluster_activation_is_never_journaled_and_its_retry_is_placed_once()
    {
        ManualClock.Shared.Set(Start);
        var (provider, clusterId) = await _risk.NewProviderWithClusterAsync(tokensPerSecond: 1_000);
        var providerId = provider.GetPrimaryKeyString();
        var reserved = await _risk.Cluster(clusterId).Reserve(providerId, _risk.MarketId, "a1", 3_000_000);

        // The activation that reserved it goes away (its silo died, say) before the sell reaches its market.
        await _risk.Cluster(clusterId).Cast<IGrainManagementExtension>().DeactivateOnIdle();
        Assert.Empty((await _risk.Cluster(clusterId).Get())!.Periods);
        var late = Sell(clusterId, "a1", 0.40m, 3_000_000) with { TenantId = providerId, Cluster = reserved.Seller };
        var refused = await Assert.ThrowsAsync<ExchangeUnavailableException>(() => Market.Place(late));
        Assert.DoesNotContain(clusterId, refused.Message, StringComparison.Ordinal);

        var retried = await provider.PlaceOrder(_risk.MarketId, Sell(clusterId, "a1", 0.40m, 3_000_000));
        var beyond = await provider.PlaceOrder(_risk.MarketId, Sell(clusterId, "a2", 0.40m, 601_000));

        Assert.False(retried.Repeated);
        Assert.Equal(OrderStatus.Open, retried.Order!.Status);
        Assert.Equal(RejectCode.CapacityExceeded, beyond.RejectReason);
        Assert.Equal(3_000_000L, Assert.Single((await _risk.Cluster(clusterId).Get())!.Periods).Offered);
    }

    [Fact]
    public async Task A_sell_reserved_before_its_cluster_went_offline_that_reaches_its_market_after_never_rests_there()
    {
        ManualClock.Shared.Set(Start);
        var (provider, clusterId) = await _risk.NewProviderWithClusterAsync(tokensPerSecond: 1_000);
        var providerId = provider.GetPrimaryKeyString();
        var reserved = await _risk.Cluster(clusterId).Reserve(providerId, _risk.MarketId, "a1", 1_000_000);

        // The heartbeat says unhealthy while the sell is on its way: the cluster's offers are cancelled, and this one is late.
        await _risk.Cluster(clusterId).Heartbeat(healthy: false);
        var late = Sell(clusterId, "a1", 0.40m, 1_000_000) with { TenantId = providerId, Cluster = reserved.Seller };
        await Assert.ThrowsAsync<ExchangeUnavailableException>(() => Market.Place(late));

        Assert.Empty((await Market.GetBook(10)).Asks);
        Assert.Equal(RejectCode.ClusterOffline, (await provider.PlaceOrder(_risk.MarketId, Sell(clusterId, "a1", 0.40m, 1_000_000))).RejectReason);
    }
}
