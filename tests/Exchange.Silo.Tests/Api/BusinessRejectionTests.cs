using System.Globalization;
using System.Net;

namespace Exchange.Silo.Tests.Api;

/// <summary>Orders the exchange understands and refuses: 422 (429 for the rate) with a reason code, and nothing stored.</summary>
[Collection(ApiCollection.Name)]
public sealed class BusinessRejectionTests(ApiSiloFixture fixture)
{
    [Fact]
    public async Task A_bid_beyond_the_credit_limit_is_422_credit_limit_exceeded_counting_open_bids()
    {
        var buyer = await fixture.NewTenantAsync("buyer");
        await SetQuotaAsync(buyer, creditLimit: "1.00");

        await RefusedAsync(buyer, Parties.Bid(fixture.QuietMarket, "0.10", 10_001_000), HttpStatusCode.UnprocessableEntity, "credit-limit-exceeded");
        await buyer.PlaceAsync(Parties.Bid(fixture.QuietMarket, "0.10", 6_000_000));
        await RefusedAsync(buyer, Parties.Bid(fixture.QuietMarket, "0.10", 4_001_000), HttpStatusCode.UnprocessableEntity, "credit-limit-exceeded");
        await buyer.PlaceAsync(Parties.Bid(fixture.QuietMarket, "0.10", 4_000_000));
    }

    [Fact]
    public async Task A_deposit_raises_what_a_buyer_may_commit_beyond_its_credit_limit_and_its_balances_show_it()
    {
        var buyer = await fixture.NewTenantAsync("buyer");
        await SetQuotaAsync(buyer, creditLimit: "1.00");
        await RefusedAsync(buyer, Parties.Bid(fixture.QuietMarket, "0.10", 20_000_000), HttpStatusCode.UnprocessableEntity, "credit-limit-exceeded");

        (await fixture.Operator.PostAsync($"/v1/tenants/{buyer.Id}/deposits", new { amount = "1.50", reference = "wire" }, Parties.Unique("dep")))
            .Expect(HttpStatusCode.Created);
        await buyer.PlaceAsync(Parties.Bid(fixture.QuietMarket, "0.10", 20_000_000));

        var balances = (await buyer.Client.GetAsync("/v1/balances")).Expect(HttpStatusCode.OK);
        Assert.Equal(("1.50", "2.00", "1.00", "0.50"), (balances.Str("cash"), balances.Str("held"), balances.Str("creditLimit"), balances.Str("available")));
        await RefusedAsync(buyer, Parties.Bid(fixture.QuietMarket, "0.10", 5_001_000), HttpStatusCode.UnprocessableEntity, "credit-limit-exceeded");
    }

    [Fact]
    public async Task A_bid_beyond_the_tokens_per_period_is_422_token_limit_exceeded()
    {
        var buyer = await fixture.NewTenantAsync("buyer");
        await SetQuotaAsync(buyer, maxTokensPerPeriod: 5000);

        await RefusedAsync(buyer, Parties.Bid(fixture.QuietMarket, "0.10", 6000), HttpStatusCode.UnprocessableEntity, "token-limit-exceeded");
        await buyer.PlaceAsync(Parties.Bid(fixture.QuietMarket, "0.10", 5000));
    }

    [Fact]
    public async Task An_ask_beyond_the_clusters_hourly_capacity_is_422_capacity_exceeded()
    {
        var provider = await fixture.NewTenantAsync("provider");
        var cluster = await provider.NewClusterAsync(tokensPerSecond: 1);

        await RefusedAsync(provider, Parties.Ask(fixture.QuietMarket, cluster, "0.90", 4000), HttpStatusCode.UnprocessableEntity, "capacity-exceeded");
        await provider.PlaceAsync(Parties.Ask(fixture.QuietMarket, cluster, "0.90", 3000));
        await RefusedAsync(provider, Parties.Ask(fixture.QuietMarket, cluster, "0.95", 1000), HttpStatusCode.UnprocessableEntity, "capacity-exceeded");
    }

    [Theory]
    [InlineData("buyer")]
    [InlineData("provider")]
    public async Task A_suspended_tenant_cannot_place_orders_until_it_is_active_again(string kind)
    {
        var party = await fixture.NewTenantAsync(kind);
        var cluster = kind == "provider" ? await party.NewClusterAsync() : null;
        object Order() => cluster is null ? Parties.Bid(fixture.QuietMarket, "0.10", 1000) : Parties.Ask(fixture.QuietMarket, cluster, "0.90", 1000);
        await SetQuotaAsync(party, status: "suspended");

        await RefusedAsync(party, Order(), HttpStatusCode.UnprocessableEntity, "tenant-suspended");

        await SetQuotaAsync(party, status: "active");
        await party.PlaceAsync(Order());
    }

    [Fact]
    public async Task Orders_beyond_the_rate_are_429_with_Retry_After()
    {
        var buyer = await fixture.NewTenantAsync("buyer");
        await SetQuotaAsync(buyer, ordersPerSecond: 1);
        await buyer.PlaceAsync(Parties.Bid(fixture.QuietMarket, "0.10", 1000));

        var refused = await RefusedAsync(buyer, Parties.Bid(fixture.QuietMarket, "0.10", 1000), HttpStatusCode.TooManyRequests, "rate-limited");

        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.True(retryAfter >= TimeSpan.FromSeconds(1), $"Retry-After: {refused.Headers.RetryAfter}");
    }

    [Fact]
    public async Task Open_orders_beyond_the_limit_are_422_open_order_limit()
    {
        var buyer = await fixture.NewTenantAsync("buyer");
        await SetQuotaAsync(buyer, maxOpenOrders: 1);
        await buyer.PlaceAsync(Parties.Bid(fixture.QuietMarket, "0.10", 1000));

        await RefusedAsync(buyer, Parties.Bid(fixture.QuietMarket, "0.10", 1000), HttpStatusCode.UnprocessableEntity, "open-order-limit");
    }

    [Fact]
    public async Task A_provider_buying_or_a_buyer_selling_is_422_side_not_allowed()
    {
        var provider = await fixture.NewTenantAsync("provider");
        var buyer = await fixture.NewTenantAsync("buyer");
        var cluster = await provider.NewClusterAsync();

        await RefusedAsync(provider, Parties.Bid(fixture.QuietMarket, "0.10", 1000), HttpStatusCode.UnprocessableEntity, "side-not-allowed");
        await RefusedAsync(buyer, Parties.Ask(fixture.QuietMarket, cluster, "0.90", 1000), HttpStatusCode.UnprocessableEntity, "side-not-allowed");
    }

    [Fact]
    public async Task A_buyer_from_a_blocked_jurisdiction_is_422_jurisdiction_blocked()
    {
        var buyer = await fixture.NewTenantAsync("buyer", "KP");

        await RefusedAsync(buyer, Parties.Bid(fixture.QuietMarket, "0.10", 1000), HttpStatusCode.UnprocessableEntity, "jurisdiction-blocked");
    }

    [Fact]
    public async Task An_order_for_the_period_under_delivery_is_422_market_closed()
    {
        var buyer = await fixture.NewTenantAsync("buyer");
        var now = DateTimeOffset.UtcNow;
        var current = $"chat-70b.{now.AddTicks(-(now.UtcTicks % TimeSpan.TicksPerHour)).UtcDateTime.ToString("yyyyMMdd'T'HHmm", CultureInfo.InvariantCulture)}";

        await RefusedAsync(buyer, Parties.Bid(current, "0.10", 1000), HttpStatusCode.UnprocessableEntity, "market-closed");
    }

    [Fact]
    public async Task A_post_only_bid_that_would_cross_is_422_post_only_would_cross_and_changes_nothing()
    {
        var desk = await fixture.NewDeskAsync();
        await desk.AskAsync("0.40", 1000);
        object PostOnly(string price) => new { clientOrderId = Parties.Unique("po"), marketId = desk.Market, side = "buy", price, quantity = 1000, postOnly = true };

        await RefusedAsync(desk.Buyer, PostOnly("0.45"), HttpStatusCode.UnprocessableEntity, "post-only-would-cross");

        Assert.Empty((await desk.Buyer.Client.GetAsync($"/v1/markets/{desk.Market}/trades")).Items);
        await desk.Buyer.PlaceAsync(PostOnly("0.35"));
    }

    [Fact]
    public async Task Reducing_to_more_than_the_order_holds_is_422_invalid_quantity_and_changes_nothing()
    {
        var buyer = await fixture.NewTenantAsync("buyer");
        var order = await buyer.PlaceAsync(Parties.Bid(fixture.QuietMarket, "0.10", 3000));

        await fixture.StoresNothingAsync(async () =>
            (await buyer.Client.PatchAsync($"/v1/orders/{order.Str("orderId")}", new { quantity = 4000 })).ExpectProblem(HttpStatusCode.UnprocessableEntity, "invalid-quantity"));

        Assert.Equal(3000, (await buyer.Client.GetAsync($"/v1/orders/{order.Str("orderId")}")).Long("quantity"));
    }

    [Fact]
    public async Task Reducing_a_cancelled_order_is_422_order_not_open_and_changes_nothing()
    {
        var buyer = await fixture.NewTenantAsync("buyer");
        var order = await buyer.PlaceAsync(Parties.Bid(fixture.QuietMarket, "0.10", 3000));
        (await buyer.Client.DeleteAsync($"/v1/orders/{order.Str("orderId")}")).Expect(HttpStatusCode.OK);

        await fixture.StoresNothingAsync(async () =>
            (await buyer.Client.PatchAsync($"/v1/orders/{order.Str("orderId")}", new { quantity = 1000 })).ExpectProblem(HttpStatusCode.UnprocessableEntity, "order-not-open"));
    }

    [Fact]
    public async Task An_ask_for_a_model_the_cluster_does_not_serve_is_422_model_not_served()
    {
        var provider = await fixture.NewTenantAsync("provider");
        var clusterId = Parties.Unique("gpu");
        var registration = new { clusterId, region = "hainan", accelerator = "H100", gpuCount = 8, tier = 2, models = new[] { new { model = "embed-1b", tokensPerSecond = 1000 } } };
        (await provider.Client.PostAsync("/v1/clusters", registration)).Expect(HttpStatusCode.Created);
        var market = (await provider.Client.GetAsync("/v1/markets?model=chat-70b")).Items[^1].GetProperty("marketId").GetString()!;

        await RefusedAsync(provider, Parties.Ask(market, clusterId, "0.90", 1000), HttpStatusCode.UnprocessableEntity, "model-not-served");
    }

    [Fact]
    public async Task Cancelling_an_ask_gives_its_capacity_back_at_once()
    {
        var provider = await fixture.NewTenantAsync("provider");
        var cluster = await provider.NewClusterAsync(tokensPerSecond: 1);

        for (var i = 0; i < 10; i++)
        {
            var ask = await provider.PlaceAsync(Parties.Ask(fixture.QuietMarket, cluster, "0.90", 3000));
            (await provider.Client.DeleteAsync($"/v1/orders/{ask.Str("orderId")}")).Expect(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task Cancelling_a_bid_gives_its_credit_back_at_once()
    {
        var buyer = await fixture.NewTenantAsync("buyer");
        await SetQuotaAsync(buyer, creditLimit: "1.00");

        for (var i = 0; i < 10; i++)
        {
            var bid = await buyer.PlaceAsync(Parties.Bid(fixture.QuietMarket, "0.10", 10_000_000));
            (await buyer.Client.DeleteAsync($"/v1/orders/{bid.Str("orderId")}")).Expect(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task A_suspended_tenant_may_still_cancel_and_reduce_its_orders()
    {
        var buyer = await fixture.NewTenantAsync("buyer");
        var first = await buyer.PlaceAsync(Parties.Bid(fixture.QuietMarket, "0.10", 3000));
        var second = await buyer.PlaceAsync(Parties.Bid(fixture.QuietMarket, "0.10", 3000));
        await SetQuotaAsync(buyer, status: "suspended");

        (await buyer.Client.PatchAsync($"/v1/orders/{first.Str("orderId")}", new { quantity = 1000 })).Expect(HttpStatusCode.OK);
        Assert.Equal("cancelled", (await buyer.Client.DeleteAsync($"/v1/orders/{second.Str("orderId")}")).Expect(HttpStatusCode.OK).Str("status"));
    }

    /// <summary>Places an order that must be refused with this status and reason, and checks that nothing was stored.</summary>
    private async Task<ApiResponse> RefusedAsync(Party party, object order, HttpStatusCode status, string reason)
    {
        var usage = (await party.Client.GetAsync("/v1/me"))["usage"].GetRawText();

        var response = await fixture.StoresNothingAsync(async () => (await party.Client.PostAsync("/v1/orders", order)).ExpectProblem(status, reason));

        Assert.Equal(usage, (await party.Client.GetAsync("/v1/me"))["usage"].GetRawText());
        return response;
    }

    private async Task SetQuotaAsync(
        Party party, string creditLimit = "10000.00", long maxTokensPerPeriod = 10_000_000_000, int maxOpenOrders = 1000, int ordersPerSecond = 100, string status = "active") =>
        (await fixture.Operator.PutAsync($"/v1/tenants/{party.Id}/quota", new { creditLimit, maxTokensPerPeriod, maxOpenOrders, ordersPerSecond, status }))
            .Expect(HttpStatusCode.OK);
}
