using System.Net;

namespace Exchange.Silo.Tests.Api;

/// <summary>A regulator sees any order's whole life, reconstructed from its market's journal.</summary>
[Collection(ApiCollection.Name)]
public sealed class OrderLifecycleTests(ApiSiloFixture fixture)
{
    private static string[] Events(ApiResponse lifecycle) =>
        [.. lifecycle["events"].EnumerateArray().Select(e =>
            $"{e.GetProperty("type").GetString()} {e.GetProperty("quantity").GetInt64()} {e.GetProperty("price").GetString()} {e.GetProperty("allocationId").GetString()}".TrimEnd())];

    [Fact]
    public async Task An_ask_is_accepted_filled_reduced_and_cancelled_and_its_lifecycle_says_so_in_order()
    {
        var desk = await fixture.NewDeskAsync();
        var regulator = await fixture.NewTenantAsync("regulator", "CN");
        var ask = (await desk.AskAsync("0.40", 10_000)).Str("orderId");
        var bid = await desk.BidAsync("0.45", 4_000);
        var allocation = bid["allocations"][0].GetString();
        (await desk.Provider.Client.PatchAsync($"/v1/orders/{ask}", new { quantity = 8_000 })).Expect(HttpStatusCode.OK);
        (await desk.Provider.Client.DeleteAsync($"/v1/orders/{ask}")).Expect(HttpStatusCode.OK);

        var askLife = (await regulator.Client.GetAsync($"/v1/regulator/orders/{ask}/lifecycle")).Expect(HttpStatusCode.OK);
        Assert.Equal(ask, askLife.Str("orderId"));
        Assert.Equal(["accepted 10000 0.40", $"fill 4000 0.40 {allocation}", "reduced 2000", "cancelled 4000"], Events(askLife));
        var times = askLife["events"].EnumerateArray().Select(e => e.GetProperty("at").GetDateTimeOffset()).ToList();
        var sequences = askLife["events"].EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64()).ToList();
        Assert.Equal(times.Order(), times);
        Assert.Equal(sequences.Order(), sequences);
        Assert.All(times, t => Assert.Equal(TimeSpan.Zero, t.Offset));

        var bidLife = (await regulator.Client.GetAsync($"/v1/regulator/orders/{bid.Str("orderId")}/lifecycle")).Expect(HttpStatusCode.OK);
        Assert.Equal(["accepted 4000 0.45", $"fill 4000 0.40 {allocation}"], Events(bidLife));
    }

    [Fact]
    public async Task An_ioc_remainder_is_a_cancelled_event_right_after_its_fills()
    {
        var desk = await fixture.NewDeskAsync();
        var regulator = await fixture.NewTenantAsync("regulator", "CN");
        await desk.AskAsync("0.40", 3_000);
        var ioc = (await desk.Buyer.PlaceAsync(new { clientOrderId = Parties.Unique("ioc"), marketId = desk.Market, side = "buy", price = "0.45", quantity = 5_000, timeInForce = "IOC" })).Str("orderId");

        var life = (await regulator.Client.GetAsync($"/v1/regulator/orders/{ioc}/lifecycle")).Expect(HttpStatusCode.OK);
        Assert.Equal(["accepted 5000 0.45", $"fill 3000 0.40 {life["events"][1].GetProperty("allocationId").GetString()}", "cancelled 2000"], Events(life));
    }

    [Fact]
    public async Task An_order_that_does_not_exist_has_no_lifecycle()
    {
        var regulator = await fixture.NewTenantAsync("regulator", "CN");
        (await regulator.Client.GetAsync($"/v1/regulator/orders/{fixture.QuietMarket}.999999/lifecycle")).ExpectProblem(HttpStatusCode.NotFound);
        (await regulator.Client.GetAsync("/v1/regulator/orders/not-an-order/lifecycle")).ExpectProblem(HttpStatusCode.NotFound);
    }
}
