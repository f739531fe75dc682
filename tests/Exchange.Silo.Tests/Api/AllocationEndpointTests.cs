using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Exchange.Silo.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class AllocationEndpointTests(ApiSiloFixture fixture)
{
    [Fact]
    public async Task A_buyer_and_its_provider_see_the_same_allocations_and_nobody_else_sees_them()
    {
        var (market, provider, _, buyer) = await TradedAsync(2);
        var stranger = await fixture.NewTenantAsync("buyer");
        var otherProvider = await fixture.NewTenantAsync("provider");

        var bought = (await buyer.Client.GetAsync("/v1/allocations")).Expect(HttpStatusCode.OK);
        var sold = (await provider.Client.GetAsync("/v1/allocations")).Expect(HttpStatusCode.OK);

        Assert.Equal(2, bought.Items.Count);
        Assert.Equal(bought.Text, sold.Text);
        var first = bought.Items[0];
        string[] fields =
        [
            "allocationId", "marketId", "model", "periodStart", "periodEnd", "buyerId", "buyerJurisdiction", "buyOrderId", "providerId",
            "clusterId", "region", "sellOrderId", "quantity", "price", "notional", "matchedAt", "sequence", "hash", "prevHash", "parentAllocationId",
        ];
        Assert.Equal(fields, first.EnumerateObject().Select(p => p.Name));
        Assert.Equal(market, first.GetProperty("marketId").GetString());
        Assert.Equal(buyer.Id, first.GetProperty("buyerId").GetString());
        Assert.Equal(provider.Id, first.GetProperty("providerId").GetString());
        Assert.Equal(JsonValueKind.String, first.GetProperty("price").ValueKind);
        Assert.Equal(JsonValueKind.String, first.GetProperty("notional").ValueKind);
        Assert.Empty((await stranger.Client.GetAsync("/v1/allocations")).Items);
        Assert.Empty((await otherProvider.Client.GetAsync("/v1/allocations")).Items);
    }

    [Fact]
    public async Task Allocations_page_by_cursor_oldest_first()
    {
        var (_, _, _, buyer) = await TradedAsync(3);
        var all = (await buyer.Client.GetAsync("/v1/allocations")).Expect(HttpStatusCode.OK).Items.Select(Id).ToList();

        var first = (await buyer.Client.GetAsync("/v1/allocations?limit=2")).Expect(HttpStatusCode.OK);
        var rest = (await buyer.Client.GetAsync($"/v1/allocations?limit=2&cursor={first.Str("nextCursor")}")).Expect(HttpStatusCode.OK);

        Assert.Equal(3, all.Count);
        Assert.Equal(all, first.Items.Concat(rest.Items).Select(Id));
        Assert.Equal(JsonValueKind.Null, rest["nextCursor"].ValueKind);
    }

    [Fact]
    public async Task Allocations_filter_by_market_and_by_match_time_from_inclusive_to_exclusive()
    {
        var (market, _, _, buyer) = await TradedAsync(3);
        var items = (await buyer.Client.GetAsync("/v1/allocations")).Items;
        var times = items.Select(a => a.GetProperty("matchedAt").GetDateTimeOffset()).ToList();

        var fromSecond = (await buyer.Client.GetAsync($"/v1/allocations?from={Query(times[1])}")).Expect(HttpStatusCode.OK);
        var toSecond = (await buyer.Client.GetAsync($"/v1/allocations?to={Query(times[1])}")).Expect(HttpStatusCode.OK);
        var inMarket = (await buyer.Client.GetAsync($"/v1/allocations?marketId={market}")).Expect(HttpStatusCode.OK);
        var elsewhere = (await buyer.Client.GetAsync($"/v1/allocations?marketId={fixture.QuietMarket}")).Expect(HttpStatusCode.OK);

        Assert.Equal(items.Where(a => a.GetProperty("matchedAt").GetDateTimeOffset() >= times[1]).Select(Id), fromSecond.Items.Select(Id));
        Assert.Equal(items.Where(a => a.GetProperty("matchedAt").GetDateTimeOffset() < times[1]).Select(Id), toSecond.Items.Select(Id));
        Assert.Equal(items.Select(Id), inMarket.Items.Select(Id));
        Assert.Empty(elsewhere.Items);
    }

    /// <summary>A market with <paramref name="trades"/> trades, each its own bid against its own ask, placed one after another.</summary>
    private async Task<Desk> TradedAsync(int trades)
    {
        var desk = await fixture.NewDeskAsync();
        for (var i = 0; i < trades; i++)
        {
            await desk.AskAsync("0.40", 1000);
            await desk.BidAsync("0.40", 1000);
        }

        return desk;
    }

    private static string Id(JsonElement allocation) => allocation.GetProperty("allocationId").GetString()!;

    private static string Query(DateTimeOffset time) => Uri.EscapeDataString(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
}
