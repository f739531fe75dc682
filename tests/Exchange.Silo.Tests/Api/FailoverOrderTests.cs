using Exchange.Markets;
using Exchange.Storage.Journal;

namespace Exchange.Silo.Tests.Api;

/// <summary>The order fields of failover (API.md, "Failover"): a sell's reserve flag and a buy's failover choice are journaled with the order.</summary>
[Collection(ApiCollection.Name)]
public sealed class FailoverOrderTests(ApiSiloFixture fixture)
{
    [Fact]
    public async Task A_reserve_ask_and_each_failover_choice_of_a_bid_are_journaled_with_the_order()
    {
        var desk = await fixture.NewDeskAsync();
        object Order(string side, string price, object? extra) => side == "sell"
            ? new { clientOrderId = Parties.Unique("ask"), marketId = desk.Market, side, price, quantity = 1000, clusterId = desk.ClusterId, reserve = extra }
            : new { clientOrderId = Parties.Unique("bid"), marketId = desk.Market, side, price, quantity = 1000, failover = extra };

        var reserve = await desk.Provider.PlaceAsync(Order("sell", "0.90", true));
        var capped = await desk.Buyer.PlaceAsync(Order("buy", "0.10", new { maxPrice = "0.65" }));
        var ownPrice = await desk.Buyer.PlaceAsync(Order("buy", "0.11", new { }));
        var refund = await desk.Buyer.PlaceAsync(Order("buy", "0.12", false));
        var plain = await desk.Buyer.PlaceAsync(Order("buy", "0.13", null));

        var journal = await new MarketJournalStore(fixture.Database.DataSource).ReadAsync(desk.Market, 0, CancellationToken.None).ToListAsync();
        var requests = journal.Select(e => MarketCommandCodec.Decode(e.Command)).OfType<PlaceCommand>().ToDictionary(p => p.Request.ClientOrderId, p => p.Request);
        Assert.True(requests[reserve.Str("clientOrderId")].Reserve);
        Assert.Equal(new FailoverTerms(true, 650_000), requests[capped.Str("clientOrderId")].Failover);
        Assert.Equal(new FailoverTerms(true, 0), requests[ownPrice.Str("clientOrderId")].Failover);
        Assert.Equal(FailoverTerms.Refund, requests[refund.Str("clientOrderId")].Failover);
        Assert.Null(requests[plain.Str("clientOrderId")].Failover);
        Assert.All(requests.Values.Where(r => r.Side == OrderSide.Buy), r => Assert.False(r.Reserve));
    }
}
