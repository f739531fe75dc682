using System.Net;
using System.Text.Json;

namespace Exchange.Silo.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class OrderEndpointTests(ApiSiloFixture fixture)
{
    [Fact]
    public async Task Placing_a_bid_answers_201_with_the_order_as_it_rests()
    {
        var buyer = await fixture.NewTenantAsync("buyer");
        var clientOrderId = Parties.Unique("bid");

        var placed = await buyer.PlaceAsync(Parties.Bid(fixture.QuietMarket, "0.10", 3000, new { regions = new[] { "hainan" }, minTier = 2 }, clientOrderId));

        var orderId = placed.Str("orderId");
        Assert.Equal($"/v1/orders/{orderId}", placed.Headers.Location?.OriginalString);
        Assert.StartsWith(fixture.QuietMarket + ".", orderId, StringComparison.Ordinal);
        Assert.Equal(clientOrderId, placed.Str("clientOrderId"));
        Assert.Equal(fixture.QuietMarket, placed.Str("marketId"));
        Assert.Equal("buy", placed.Str("side"));
        Assert.Equal("limit", placed.Str("type"));
        Assert.Equal(JsonValueKind.String, placed["price"].ValueKind);
        Assert.Equal("0.10", placed.Str("price"));
        Assert.Equal(3000, placed.Long("quantity"));
        Assert.Equal(0, placed.Long("filledQuantity"));
        Assert.Equal(3000, placed.Long("remainingQuantity"));
        Assert.Equal(0, placed.Long("cancelledQuantity"));
        Assert.Equal("open", placed.Str("status"));
        Assert.Equal("GTC", placed.Str("timeInForce"));
        Assert.True(placed["createdAt"].GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-1));
        Assert.Empty(placed["allocations"].EnumerateArray());
        var read = (await buyer.Client.GetAsync($"/v1/orders/{orderId}")).Expect(HttpStatusCode.OK);
        Assert.Equal(placed.Text, read.Text);
    }

    [Fact]
    public async Task A_bid_that_crosses_fills_on_arrival_and_rests_as_partially_filled()
    {
        var desk = await fixture.NewDeskAsync();
        var ask = await desk.AskAsync("0.42", 3000);

        var bid = await desk.BidAsync("0.45", 5000);

        Assert.Equal("partially_filled", bid.Str("status"));
        Assert.Equal(3000, bid.Long("filledQuantity"));
        Assert.Equal(2000, bid.Long("remainingQuantity"));
        var allocationId = Assert.Single(bid["allocations"].EnumerateArray()).GetString();
        var sell = (await desk.Provider.Client.GetAsync($"/v1/orders/{ask.Str("orderId")}")).Expect(HttpStatusCode.OK);
        Assert.Equal("filled", sell.Str("status"));
        Assert.Equal(0, sell.Long("remainingQuantity"));
        Assert.Equal([allocationId], sell["allocations"].EnumerateArray().Select(a => a.GetString()));
        var allocation = Assert.Single((await desk.Buyer.Client.GetAsync($"/v1/allocations?marketId={desk.Market}")).Expect(HttpStatusCode.OK).Items);
        Assert.Equal("0.42", allocation.GetProperty("price").GetString());
        Assert.Equal(3000, allocation.GetProperty("quantity").GetInt64());
    }

    [Fact]
    public async Task An_IOC_remainder_is_cancelled()
    {
        var desk = await fixture.NewDeskAsync();
        await desk.AskAsync("0.40", 1000);

        var ioc = await desk.Buyer.PlaceAsync(new { clientOrderId = Parties.Unique("ioc"), marketId = desk.Market, side = "buy", price = "0.50", quantity = 3000, timeInForce = "IOC" });

        Assert.Equal("cancelled", ioc.Str("status"));
        Assert.Equal("IOC", ioc.Str("timeInForce"));
        Assert.Equal(1000, ioc.Long("filledQuantity"));
        Assert.Equal(2000, ioc.Long("cancelledQuantity"));
        Assert.Equal(0, ioc.Long("remainingQuantity"));
    }

    [Fact]
    public async Task A_market_buy_takes_the_best_asks_and_has_no_price()
    {
        var desk = await fixture.NewDeskAsync();
        await desk.AskAsync("0.41", 1000);
        await desk.AskAsync("0.40", 1000);

        var order = await desk.Buyer.PlaceAsync(new { clientOrderId = Parties.Unique("mkt"), marketId = desk.Market, side = "buy", type = "market", quantity = 1000 });

        Assert.Equal("market", order.Str("type"));
        Assert.Equal(JsonValueKind.Null, order["price"].ValueKind);
        Assert.Equal("filled", order.Str("status"));
        var allocation = Assert.Single((await desk.Buyer.Client.GetAsync($"/v1/allocations?marketId={desk.Market}")).Items);
        Assert.Equal("0.40", allocation.GetProperty("price").GetString());
    }

    [Fact]
    public async Task Own_orders_list_oldest_first_filtered_by_status_and_market_page_by_page()
    {
        var market = fixture.NextMarket();
        var provider = await fixture.NewTenantAsync("provider");
        var buyer = await fixture.NewTenantAsync("buyer");
        var other = await fixture.NewTenantAsync("buyer");
        var cluster = await provider.NewClusterAsync();
        await other.PlaceAsync(Parties.Bid(market, "0.30", 1000));
        await provider.PlaceAsync(Parties.Ask(market, cluster, "0.50", 1000));
        var placed = new List<ApiResponse>
        {
            await buyer.PlaceAsync(Parties.Bid(market, "0.50", 1000)),
            await buyer.PlaceAsync(Parties.Bid(market, "0.20", 1000)),
            await buyer.PlaceAsync(Parties.Bid(fixture.QuietMarket, "0.05", 1000)),
            await buyer.PlaceAsync(Parties.Bid(market, "0.21", 1000)),
        };

        // Oldest first is by creation time, then order id: two orders placed in the same millisecond in different
        // markets come in id order, not necessarily in the order they were placed.
        var byPlacement = placed.Select(o => o.Str("orderId")).ToList();
        var ids = placed.OrderBy(o => o["createdAt"].GetDateTimeOffset()).ThenBy(o => o.Str("orderId"), StringComparer.Ordinal).Select(o => o.Str("orderId")).ToList();

        var all = (await buyer.Client.GetAsync("/v1/orders")).Expect(HttpStatusCode.OK);
        var filled = (await buyer.Client.GetAsync("/v1/orders?status=filled")).Expect(HttpStatusCode.OK);
        var open = (await buyer.Client.GetAsync($"/v1/orders?status=open&marketId={market}")).Expect(HttpStatusCode.OK);
        var paged = new List<string>();
        string? cursor = null;
        do
        {
            var page = (await buyer.Client.GetAsync($"/v1/orders?limit=3{(cursor is null ? "" : "&cursor=" + cursor)}")).Expect(HttpStatusCode.OK);
            paged.AddRange(page.Items.Select(OrderId));
            cursor = page["nextCursor"].GetString();
        }
        while (cursor is not null);

        Assert.Equal(ids, all.Items.Select(OrderId));
        Assert.Equal([byPlacement[0]], filled.Items.Select(OrderId));
        Assert.Equal([byPlacement[1], byPlacement[3]], open.Items.Select(OrderId));
        Assert.Equal(ids, paged);

        static string OrderId(JsonElement o) => o.GetProperty("orderId").GetString()!;
    }

    [Fact]
    public async Task Reducing_an_order_keeps_its_time_priority()
    {
        var market = fixture.NextMarket();
        var provider = await fixture.NewTenantAsync("provider");
        var early = await fixture.NewTenantAsync("buyer");
        var late = await fixture.NewTenantAsync("buyer");
        var cluster = await provider.NewClusterAsync();
        var first = await early.PlaceAsync(Parties.Bid(market, "0.30", 5000));
        await late.PlaceAsync(Parties.Bid(market, "0.30", 5000));

        var reduced = (await early.Client.PatchAsync($"/v1/orders/{first.Str("orderId")}", new { quantity = 2000 })).Expect(HttpStatusCode.OK);
        await provider.PlaceAsync(Parties.Ask(market, cluster, "0.30", 2000));

        Assert.Equal(2000, reduced.Long("quantity"));
        Assert.Equal(2000, reduced.Long("remainingQuantity"));
        Assert.Equal("open", reduced.Str("status"));
        Assert.Equal("filled", (await early.Client.GetAsync($"/v1/orders/{first.Str("orderId")}")).Str("status"));
        Assert.Empty((await late.Client.GetAsync("/v1/allocations")).Items);
    }

    [Fact]
    public async Task Cancelling_answers_the_cancelled_order_and_again_answers_it_unchanged()
    {
        var buyer = await fixture.NewTenantAsync("buyer");
        var order = await buyer.PlaceAsync(Parties.Bid(fixture.QuietMarket, "0.10", 4000));

        var cancelled = (await buyer.Client.DeleteAsync($"/v1/orders/{order.Str("orderId")}")).Expect(HttpStatusCode.OK);
        var again = (await buyer.Client.DeleteAsync($"/v1/orders/{order.Str("orderId")}")).Expect(HttpStatusCode.OK);

        Assert.Equal("cancelled", cancelled.Str("status"));
        Assert.Equal(4000, cancelled.Long("cancelledQuantity"));
        Assert.Equal(0, cancelled.Long("remainingQuantity"));
        Assert.Equal(cancelled.Text, again.Text);
        Assert.Equal("""{"reserved":"0.00","spent":"0.00","openOrders":0}""", (await buyer.Client.GetAsync("/v1/me"))["usage"].GetRawText());
    }

    [Fact]
    public async Task Cancelling_a_filled_order_answers_it_unchanged_and_stores_nothing()
    {
        var desk = await fixture.NewDeskAsync();
        await desk.AskAsync("0.40", 1000);
        var bid = await desk.BidAsync("0.40", 1000);

        var cancelled = await fixture.StoresNothingAsync(async () => (await desk.Buyer.Client.DeleteAsync($"/v1/orders/{bid.Str("orderId")}")).Expect(HttpStatusCode.OK));

        Assert.Equal("filled", cancelled.Str("status"));
        Assert.Equal(bid.Text, cancelled.Text);
    }

    [Fact]
    public async Task A_buyer_reading_another_buyers_order_gets_404()
    {
        var owner = await fixture.NewTenantAsync("buyer");
        var other = await fixture.NewTenantAsync("buyer");
        var order = await owner.PlaceAsync(Parties.Bid(fixture.QuietMarket, "0.10", 1000));

        (await other.Client.GetAsync($"/v1/orders/{order.Str("orderId")}")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        Assert.DoesNotContain(order.Str("orderId"), (await other.Client.GetAsync("/v1/orders")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_buyer_cancelling_another_buyers_order_gets_404_and_the_order_stays()
    {
        var owner = await fixture.NewTenantAsync("buyer");
        var other = await fixture.NewTenantAsync("buyer");
        var order = await owner.PlaceAsync(Parties.Bid(fixture.QuietMarket, "0.10", 1000));

        await fixture.StoresNothingAsync(async () =>
            (await other.Client.DeleteAsync($"/v1/orders/{order.Str("orderId")}")).ExpectProblem(HttpStatusCode.NotFound, "not-found"));

        Assert.Equal("open", (await owner.Client.GetAsync($"/v1/orders/{order.Str("orderId")}")).Str("status"));
    }

    [Fact]
    public async Task A_buyer_reducing_another_buyers_order_gets_404_and_the_order_stays()
    {
        var owner = await fixture.NewTenantAsync("buyer");
        var other = await fixture.NewTenantAsync("buyer");
        var order = await owner.PlaceAsync(Parties.Bid(fixture.QuietMarket, "0.10", 3000));

        await fixture.StoresNothingAsync(async () =>
            (await other.Client.PatchAsync($"/v1/orders/{order.Str("orderId")}", new { quantity = 1000 })).ExpectProblem(HttpStatusCode.NotFound, "not-found"));

        Assert.Equal(3000, (await owner.Client.GetAsync($"/v1/orders/{order.Str("orderId")}")).Long("quantity"));
    }

    [Fact]
    public async Task A_provider_selling_from_another_providers_cluster_gets_422_unknown_cluster_and_nothing_is_stored()
    {
        var provider = await fixture.NewTenantAsync("provider");
        var other = await fixture.NewTenantAsync("provider");
        var theirs = await other.NewClusterAsync();

        var (response, missing) = await fixture.StoresNothingAsync(async () => (
            (await provider.Client.PostAsync("/v1/orders", Parties.Ask(fixture.QuietMarket, theirs, "0.90", 1000))).ExpectProblem(HttpStatusCode.UnprocessableEntity, "unknown-cluster"),
            (await provider.Client.PostAsync("/v1/orders", Parties.Ask(fixture.QuietMarket, Parties.Unique("none"), "0.90", 1000))).ExpectProblem(HttpStatusCode.UnprocessableEntity, "unknown-cluster")));

        Assert.Equal(response.Str("type"), missing.Str("type"));
        Assert.Equal(response.Str("detail"), missing.Str("detail"));
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PATCH")]
    [InlineData("DELETE")]
    public async Task An_order_id_that_names_no_order_is_404_and_nothing_is_stored(string method)
    {
        var buyer = await fixture.NewTenantAsync("buyer");
        var body = method == "PATCH" ? new { quantity = 1000 } : null;

        await fixture.StoresNothingAsync(async () =>
        {
            foreach (var orderId in new[] { $"{fixture.QuietMarket}.999999", "garbage", $"{fixture.QuietMarket}.0", "gpt-9.20261128T0400.1", new string('x', 300) })
            {
                (await buyer.Client.SendAsync(new HttpMethod(method), $"/v1/orders/{orderId}", body)).ExpectProblem(HttpStatusCode.NotFound, "not-found");
            }
        });
    }
}
