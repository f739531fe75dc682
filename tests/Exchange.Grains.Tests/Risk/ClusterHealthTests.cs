using Exchange.Contracts.Clusters;
using Exchange.Contracts.Markets;
using Exchange.Markets;
using Exchange.Markets.Clusters;
using Exchange.Storage.Metering;
using Exchange.TestSupport;
using Orleans.Core.Internal;
using static Exchange.Grains.Tests.Markets.MarketFixtures;
using static Exchange.Grains.Tests.Risk.RiskFixtures;

namespace Exchange.Grains.Tests.Risk;

/// <summary>
/// Every transition of a cluster's health through the grain (silo-config's waits: suspect after 60 s of silence, failed
/// 300 s later), each journaled in cluster_health and shown on the cluster, newest first.
/// </summary>
[Collection(PostgresClusterCollection.Name)]
public sealed class ClusterHealthTests(PostgresClusterFixture fixture)
{
    private readonly RiskFixtures _risk = new(fixture.Cluster);

    private IMarketGrain Market => fixture.Cluster.GrainFactory.GetGrain<IMarketGrain>(_risk.MarketId);

    [Fact]
    public async Task A_suspect_cluster_that_heartbeats_again_is_back_online_and_offers_again()
    {
        ManualClock.Shared.Set(Start);
        var (provider, clusterId) = await _risk.NewProviderWithClusterAsync();
        ManualClock.Shared.Set(Start.AddSeconds(61));
        await UntilStatusAsync(clusterId, ClusterStatus.Suspect);

        var view = await _risk.Cluster(clusterId).Heartbeat(healthy: true);

        Assert.Equal(ClusterStatus.Online, view!.Status);
        Assert.Equal(
            [(ClusterStatus.Online, HealthCause.Heartbeat), (ClusterStatus.Suspect, HealthCause.Silent)],
            view.Health.Select(h => (h.Status, h.Cause)));
        Assert.Equal(Start.AddSeconds(61), view.StatusSince);
        Assert.NotNull((await provider.PlaceOrder(_risk.MarketId, Sell(clusterId, "a1", 0.40m, 1_000))).Order);
    }

    [Fact]
    public async Task A_cluster_silent_past_both_waits_fails_and_takes_no_heartbeat_or_offer_any_more()
    {
        ManualClock.Shared.Set(Start);
        var (provider, clusterId) = await _risk.NewProviderWithClusterAsync();
        var ask = (await provider.PlaceOrder(_risk.MarketId, Sell(clusterId, "a1", 0.40m, 10_000))).Order!;
        ManualClock.Shared.Set(Start.AddSeconds(61));
        await UntilStatusAsync(clusterId, ClusterStatus.Suspect);
        Assert.Equal(OrderStatus.Cancelled, (await Market.GetOrder(provider.GetPrimaryKeyString(), ask.OrderId))!.Status);

        ManualClock.Shared.Set(Start.AddSeconds(361));
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.Equal(ClusterStatus.Suspect, (await _risk.Cluster(clusterId).Get())!.Status);

        // The second wait counts from when it became suspect (61 s), not from when it was last heard of.
        ManualClock.Shared.Set(Start.AddSeconds(362));
        await UntilStatusAsync(clusterId, ClusterStatus.Failed);
        var after = await _risk.Cluster(clusterId).Heartbeat(healthy: true);

        Assert.Equal(ClusterStatus.Failed, after!.Status);
        Assert.Equal([ClusterStatus.Failed, ClusterStatus.Suspect], after.Health.Select(h => h.Status));
        Assert.Equal(RejectCode.ClusterFailed, (await provider.PlaceOrder(_risk.MarketId, Sell(clusterId, "a2", 0.40m, 1_000))).RejectReason);
    }

    [Fact]
    public async Task An_outage_of_the_exchange_longer_than_both_waits_makes_no_cluster_fail_silence_counts_from_when_it_could_be_heard()
    {
        ManualClock.Shared.Set(Start);
        var (_, clusterId) = await _risk.NewProviderWithClusterAsync();
        await _risk.Cluster(clusterId).Cast<IGrainManagementExtension>().DeactivateOnIdle();

        // Down for an hour: the grain comes back with a heartbeat an hour old.
        ManualClock.Shared.Set(Start.AddHours(1));
        Assert.Equal(ClusterStatus.Online, (await _risk.Cluster(clusterId).Get())!.Status);
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.Equal(ClusterStatus.Online, (await _risk.Cluster(clusterId).Get())!.Status);

        ManualClock.Shared.Set(Start.AddHours(1).AddSeconds(61));
        await UntilStatusAsync(clusterId, ClusterStatus.Suspect);
        var view = (await _risk.Cluster(clusterId).Get())!;
        Assert.Equal([ClusterStatus.Suspect], view.Health.Select(h => h.Status));
    }

    [Fact]
    public async Task A_cluster_declared_failed_withdraws_its_asks_and_keeps_the_first_declaration()
    {
        ManualClock.Shared.Set(Start);
        var (provider, clusterId) = await _risk.NewProviderWithClusterAsync();
        var ask = (await provider.PlaceOrder(_risk.MarketId, Sell(clusterId, "a1", 0.40m, 10_000))).Order!;

        var failed = await _risk.Cluster(clusterId).Fail(provider.GetPrimaryKeyString(), "power lost in hall B");
        var again = await _risk.Cluster(clusterId).Fail("operator-1", "checked on site");

        Assert.Equal(ClusterStatus.Failed, failed!.Status);
        var change = Assert.Single(again!.Health);
        Assert.Equal((ClusterStatus.Failed, HealthCause.Declared, "power lost in hall B", provider.GetPrimaryKeyString()),
            (change.Status, change.Cause, change.Reason, change.DeclaredBy));
        Assert.Equal(OrderStatus.Cancelled, (await Market.GetOrder(provider.GetPrimaryKeyString(), ask.OrderId))!.Status);
        Assert.Equal(1, await fixture.Database.ScalarAsync<long>($"SELECT count(*) FROM cluster_health WHERE cluster_id = '{clusterId}'"));
    }

    [Fact]
    public async Task An_offline_cluster_stays_offline_however_long_it_is_silent_and_a_healthy_heartbeat_brings_it_back()
    {
        ManualClock.Shared.Set(Start);
        var (_, clusterId) = await _risk.NewProviderWithClusterAsync();
        await _risk.Cluster(clusterId).Heartbeat(healthy: false);

        ManualClock.Shared.Set(Start.AddHours(1));
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.Equal(ClusterStatus.Offline, (await _risk.Cluster(clusterId).Get())!.Status);

        var back = await _risk.Cluster(clusterId).Heartbeat(healthy: true);
        Assert.Equal([ClusterStatus.Online, ClusterStatus.Offline], back!.Health.Select(h => h.Status));
    }

    [Fact]
    public async Task A_reading_keeps_a_cluster_without_heartbeats_alive_and_brings_a_suspect_one_back()
    {
        // Readings are timed by the database's clock: this test runs the silos' clock at the real time.
        ManualClock.Shared.Set(DateTimeOffset.UtcNow.AddSeconds(-61));
        var (_, clusterId) = await _risk.NewProviderWithClusterAsync();
        ManualClock.Shared.Set(DateTimeOffset.UtcNow);
        await UntilStatusAsync(clusterId, ClusterStatus.Suspect);

        await SendBatchAsync(clusterId);
        await UntilStatusAsync(clusterId, ClusterStatus.Online);
        var view = (await _risk.Cluster(clusterId).Get())!;
        Assert.Equal(HealthCause.Reading, view.Health[0].Cause);

        // Heard from by its meter 40 s ago, not by a heartbeat for over a minute: still online.
        ManualClock.Shared.Set(DateTimeOffset.UtcNow.AddSeconds(40));
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.Equal(ClusterStatus.Online, (await _risk.Cluster(clusterId).Get())!.Status);
    }

    private async Task SendBatchAsync(string clusterId)
    {
        var keyId = new string('a', 64);
        await new MeterKeyStore(fixture.Database.DataSource).RegisterAsync(clusterId, keyId, "-----BEGIN PUBLIC KEY-----", CancellationToken.None);
        await new MeterReadingStore(fixture.Database.DataSource).AppendAsync(clusterId, keyId, "{}"u8.ToArray(), "sig", [], CancellationToken.None);
    }

    private Task UntilStatusAsync(string clusterId, ClusterStatus status) =>
        Eventually.HoldsAsync($"cluster {clusterId} to be {status}", TimeSpan.FromSeconds(30), async () =>
            (await _risk.Cluster(clusterId).Get())!.Status == status);
}
