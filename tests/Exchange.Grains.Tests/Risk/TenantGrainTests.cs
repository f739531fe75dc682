using Exchange.Contracts.Markets;
using Exchange.Contracts.Tenants;
using Exchange.Markets;
using Orleans.Core.Internal;
using static Exchange.Grains.Tests.Markets.MarketFixtures;
using static Exchange.Grains.Tests.Risk.RiskFixtures;

namespace Exchange.Grains.Tests.Risk;

[Collection(PostgresClusterCollection.Name)]
public sealed class TenantGrainTests(PostgresClusterFixture fixture)
{
    private readonly RiskFixtures _risk = new(fixture.Cluster);

    [Fact]
    public async Task A_buy_reserves_its_notional_and_a_fill_turns_the_reservation_into_spend()
    {
        ManualClock.Shared.Set(Start);
        var buyer = await _risk.NewBuyerAsync();
        var (provider, clusterId) = await _risk.NewProviderWithClusterAsync();

        var bid = await buyer.PlaceOrder(_risk.MarketId, Buy("b1", 0.50m, 2_000_000));
        Assert.Equal((1.00m, 0m, 1), Usage(await buyer.Get()));

        var ask = await provider.PlaceOrder(_risk.MarketId, Sell(clusterId, "a1", 0.40m, 500_000));

        Assert.Equal(OrderStatus.Open, bid.Order!.Status);
        Assert.Equal(OrderStatus.Filled, ask.Order!.Status);
        await WaitForUsage(buyer, (0.75m, 0.25m, 1));
    }

    [Fact]
    public async Task An_order_beyond_the_credit_limit_is_refused_and_changes_nothing()
    {
        ManualClock.Shared.Set(Start);
        var buyer = await _risk.NewBuyerAsync(creditLimit: 0.60m);
        await buyer.PlaceOrder(_risk.MarketId, Buy("b1", 0.40m, 1_000_000));

        var refused = await buyer.PlaceOrder(_risk.MarketId, Buy("b2", 0.40m, 1_000_000));

        Assert.Equal(RejectCode.CreditLimitExceeded, refused.RejectReason);
        Assert.Equal((0.40m, 0m, 1), Usage(await buyer.Get()));
        Assert.Null(await fixture.Cluster.GrainFactory.GetGrain<IMarketGrain>(_risk.MarketId)
            .GetOrder(buyer.GetPrimaryKeyString(), OrderIds.Format(_risk.MarketId, 2)));
    }

    [Fact]
    public async Task A_client_order_id_reused_in_another_market_is_refused_and_a_retry_returns_the_first_outcome()
    {
        ManualClock.Shared.Set(Start);
        var buyer = await _risk.NewBuyerAsync();
        var first = await buyer.PlaceOrder(_risk.MarketId, Buy("b1", 0.40m, 1_000));

        var retry = await buyer.PlaceOrder(_risk.MarketId, Buy("b1", 0.40m, 1_000));
        var elsewhere = await buyer.PlaceOrder(NextListedMarket(), Buy("b1", 0.40m, 1_000));

        Assert.True(retry.Repeated);
        Assert.Equal(first.Order!.OrderId, retry.Order!.OrderId);
        Assert.Equal(RejectCode.DuplicateClientOrderId, elsewhere.RejectReason);
    }

    [Fact]
    public async Task Suspended_tenants_blocked_jurisdictions_unlisted_or_closed_markets_wrong_sides_and_excess_rates_are_refused()
    {
        ManualClock.Shared.Set(Start);
        var suspended = await _risk.NewBuyerAsync();
        await suspended.SetQuota((await suspended.Get())!.Quota with { Status = TenantStatus.Suspended });
        var blocked = await _risk.NewBuyerAsync(jurisdiction: "KP");
        var slow = await _risk.NewBuyerAsync(ordersPerSecond: 2);
        var (provider, _) = await _risk.NewProviderWithClusterAsync();

        Assert.Equal(RejectCode.TenantSuspended, (await suspended.PlaceOrder(_risk.MarketId, Buy("s1", 0.40m, 1_000))).RejectReason);
        Assert.Equal(RejectCode.JurisdictionBlocked, (await blocked.PlaceOrder(_risk.MarketId, Buy("k1", 0.40m, 1_000))).RejectReason);
        Assert.Equal(RejectCode.UnknownMarket, (await slow.PlaceOrder(NewMarketId(), Buy("u1", 0.40m, 1_000))).RejectReason);
        Assert.Equal(RejectCode.MarketClosed, (await slow.PlaceOrder(new MarketId("chat-70b", Start).ToString(), Buy("u2", 0.40m, 1_000))).RejectReason);
        Assert.Equal(RejectCode.SideNotAllowed, (await provider.PlaceOrder(_risk.MarketId, Buy("p1", 0.40m, 1_000))).RejectReason);
        Assert.NotNull((await slow.PlaceOrder(_risk.MarketId, Buy("r1", 0.40m, 1_000))).Order);
        Assert.NotNull((await slow.PlaceOrder(_risk.MarketId, Buy("r2", 0.40m, 1_000))).Order);
        Assert.Equal(RejectCode.RateLimited, (await slow.PlaceOrder(_risk.MarketId, Buy("r3", 0.40m, 1_000))).RejectReason);
    }

    [Fact]
    public async Task Reservations_and_spend_are_rebuilt_from_the_journaled_orders_after_reactivation()
    {
        var buyer = await BuyerWithAPartlyFilledBuyAsync();

        await buyer.Cast<IGrainManagementExtension>().DeactivateOnIdle();

        Assert.Equal((0.75m, 0.25m, 1), Usage(await buyer.Get()));
    }

    [Fact]
    public async Task Open_orders_are_rebuilt_from_the_markets_that_hold_them()
    {
        var buyer = await BuyerWithAPartlyFilledBuyAsync();

        // The open, partly filled buy lives in its market only; the order store holds finished orders.
        Assert.Equal(0, await fixture.Database.ScalarAsync<long>($"SELECT count(*) FROM orders WHERE tenant_id = '{buyer.GetPrimaryKeyString()}'"));
        await buyer.Cast<IGrainManagementExtension>().DeactivateOnIdle();

        Assert.Equal((0.75m, 0.25m, 1), Usage(await buyer.Get()));
        Assert.Equal(RejectCode.CreditLimitExceeded, (await buyer.PlaceOrder(_risk.MarketId, Buy("b2", 0.50m, 1_999_000_000))).RejectReason);
    }

    [Fact]
    public async Task A_buy_whose_placement_got_no_answer_keeps_its_credit_until_the_order_settles_it()
    {
        var buyer = await BuyerWithAnUnansweredBuyAsync();

        var meanwhile = await buyer.PlaceOrder(_risk.MarketId, Buy("b3", 0.50m, 1_000_000));
        var retried = await buyer.PlaceOrder(_risk.MarketId, Buy("b2", 0.40m, 1_000_000));

        Assert.Equal(RejectCode.CreditLimitExceeded, meanwhile.RejectReason);
        Assert.NotNull(retried.Order);
        Assert.Equal((0.60m, 0m, 2), Usage(await buyer.Get()));
    }

    [Fact]
    public async Task A_retry_of_an_unanswered_order_that_says_something_else_is_refused_and_the_first_keeps_its_credit()
    {
        var buyer = await BuyerWithAnUnansweredBuyAsync();

        var altered = await buyer.PlaceOrder(_risk.MarketId, Buy("b2", 0.40m, 2_000_000));

        Assert.Equal(RejectCode.DuplicateClientOrderId, altered.RejectReason);
        Assert.Equal((0.60m, 0m, 2), Usage(await buyer.Get()));
    }

    [Fact]
    public async Task A_buy_admitted_by_a_replaced_tenant_activation_is_never_journaled_and_its_retry_is_placed_once()
    {
        ManualClock.Shared.Set(Start);
        var buyer = await _risk.NewBuyerAsync(creditLimit: 1.00m);
        var buyerId = buyer.GetPrimaryKeyString();
        var admittedUnder = await fixture.Database.ScalarAsync<long>($"SELECT epoch FROM reservation_epochs WHERE holder = 'tenant:{buyerId}'");

        // The activation that admitted it goes away (its silo died, say) before the buy reaches its market.
        await buyer.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        Assert.Equal((0m, 0m, 0), Usage(await buyer.Get()));
        var late = Bid(buyerId, "b1", 0.60m, 1_000_000) with { TenantEpoch = admittedUnder };
        var refused = await Assert.ThrowsAsync<ExchangeUnavailableException>(() => fixture.Cluster.GrainFactory.GetGrain<IMarketGrain>(_risk.MarketId).Place(late));
        Assert.DoesNotContain(buyerId, refused.Message, StringComparison.Ordinal);

        var retried = await buyer.PlaceOrder(_risk.MarketId, Buy("b1", 0.60m, 1_000_000));
        var beyond = await buyer.PlaceOrder(_risk.MarketId, Buy("b2", 0.60m, 1_000_000));

        Assert.False(retried.Repeated);
        Assert.Equal(OrderStatus.Open, retried.Order!.Status);
        Assert.Equal(RejectCode.CreditLimitExceeded, beyond.RejectReason);
        Assert.Equal((0.60m, 0m, 1), Usage(await buyer.Get()));
    }

    [Fact]
    public async Task A_quota_change_or_cluster_whose_write_failed_changes_nothing_and_the_retry_stores_it()
    {
        var tenant = await _risk.NewBuyerAsync(creditLimit: 1.00m);
        var quota = (await tenant.Get())!.Quota;
        await using (await new GrainWriteFaults(fixture.Database.DataSource).FailWritesOfAsync(tenant.GetPrimaryKeyString()))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => tenant.SetQuota(quota with { CreditLimit = 5.00m }));
            await Assert.ThrowsAnyAsync<Exception>(() => tenant.AddCluster("cl-lost"));

            Assert.Equal(quota, (await tenant.Get())!.Quota);
            Assert.Empty(await tenant.GetClusters());
        }

        Assert.True(await tenant.AddCluster("cl-lost"));
        await tenant.Cast<IGrainManagementExtension>().DeactivateOnIdle();

        Assert.Equal(["cl-lost"], await tenant.GetClusters());
    }

    /// <summary>A buyer whose open buy b1 of 1.00 USD took a quarter of its quantity at 0.40: 0.75 reserved, 0.25 spent.</summary>
    private async Task<ITenantGrain> BuyerWithAPartlyFilledBuyAsync()
    {
        ManualClock.Shared.Set(Start);
        var buyer = await _risk.NewBuyerAsync();
        var (provider, clusterId) = await _risk.NewProviderWithClusterAsync();
        await buyer.PlaceOrder(_risk.MarketId, Buy("b1", 0.50m, 2_000_000));
        await provider.PlaceOrder(_risk.MarketId, Sell(clusterId, "a1", 0.40m, 500_000));
        await WaitForUsage(buyer, (0.75m, 0.25m, 1));
        return buyer;
    }

    /// <summary>A buyer with a credit limit of 1.00 USD, an order b1 of 0.20 placed, and an order b2 of 0.40 unanswered.</summary>
    private async Task<ITenantGrain> BuyerWithAnUnansweredBuyAsync()
    {
        ManualClock.Shared.Set(Start);
        var buyer = await _risk.NewBuyerAsync(creditLimit: 1.00m);
        await buyer.PlaceOrder(_risk.MarketId, Buy("b1", 0.20m, 1_000_000));

        // Whether the unanswered buy became durable is unknown to the buyer's grain.
        await _risk.FenceMarketAsync(fixture.Database.DataSource, lastSequence: 1);
        await Assert.ThrowsAsync<ExchangeUnavailableException>(() => buyer.PlaceOrder(_risk.MarketId, Buy("b2", 0.40m, 1_000_000)));
        return buyer;
    }

    private static (decimal Reserved, decimal Spent, int Open) Usage(TenantView? view) =>
        (view!.Usage.Reserved, view.Usage.Spent, view.Usage.OpenOrders);

    [Fact]
    public async Task An_activation_takes_spend_in_done_markets_from_one_row_each_and_remembers_client_ids_for_the_window_only()
    {
        ManualClock.Shared.Set(Start);
        var buyer = await _risk.NewBuyerAsync(creditLimit: 100m);
        var buyerId = buyer.GetPrimaryKeyString();
        // Two stored orders of markets long done, each of 7 USD; the spend kept for those markets says 2.50 in all. The
        // activation reads the kept spend, not the orders: a tenant's history can be long.
        await fixture.Database.ScalarAsync<object?>($"""
            INSERT INTO orders (order_id, market_id, sequence, tenant_id, client_order_id, side, kind, time_in_force, price_micros,
                quantity, filled_quantity, remaining_quantity, cancelled_quantity, filled_notional, status, cluster_id, period_start,
                created_at, updated_sequence)
            VALUES ('chat-70b.20291230T0000.1', 'chat-70b.20291230T0000', 1, '{buyerId}', 'used-yesterday', 0, 0, 0, 700000,
                    10000000, 10000000, 0, 0, 7, 2, NULL, '2029-12-30T00:00:00Z', '{Start.AddDays(-1):O}', 1),
                   ('chat-70b.20291220T0000.1', 'chat-70b.20291220T0000', 1, '{buyerId}', 'used-ten-days-ago', 0, 0, 0, 700000,
                    10000000, 10000000, 0, 0, 7, 2, NULL, '2029-12-20T00:00:00Z', '{Start.AddDays(-10):O}', 1);
            INSERT INTO tenant_market_spend VALUES ('{buyerId}', 'chat-70b.20291230T0000', 1.50), ('{buyerId}', 'chat-70b.20291220T0000', 1.00);
            SELECT NULL;
            """);

        await buyer.Cast<IGrainManagementExtension>().DeactivateOnIdle();

        Assert.Equal((0m, 2.50m, 0), Usage(await buyer.Get()));
        Assert.Equal(RejectCode.DuplicateClientOrderId, (await buyer.PlaceOrder(_risk.MarketId, Buy("used-yesterday", 0.40m, 1_000_000))).RejectReason);
        Assert.Equal(OrderStatus.Open, (await buyer.PlaceOrder(_risk.MarketId, Buy("used-ten-days-ago", 0.40m, 1_000_000))).Order!.Status);
    }

    private static Task WaitForUsage(ITenantGrain tenant, (decimal, decimal, int) expected) =>
        Exchange.TestSupport.Eventually.HoldsAsync($"usage {expected}", TimeSpan.FromSeconds(20), async () => Usage(await tenant.Get()) == expected);
}
