using System.Net;
using Exchange.TestSupport;

namespace Exchange.Silo.Tests;

/// <summary>An operator changes tick, lot and the order of regions between two runs of the exchange: markets that traded keep their rules.</summary>
public sealed class MarketRulesAcrossRunsTests
{
    // The second run: a coarser tick and lot, and a region inserted before Hainan.
    private static readonly string[] Changed =
    [
        "--Markets:TickMicros=20000", "--Markets:LotSize=2000",
        "--Catalog:Regions:0:Id=fujian", "--Catalog:Regions:0:Name=Fujian",
        "--Catalog:Regions:1:Id=guangdong", "--Catalog:Regions:1:Name=Guangdong",
        "--Catalog:Regions:2:Id=hainan", "--Catalog:Regions:2:Name=Hainan",
    ];

    [Fact]
    public async Task A_market_restored_after_the_tick_lot_and_regions_changed_trades_as_before_and_a_new_market_takes_the_new_rules()
    {
        await using var db = await TestDatabase.CreateAsync("rules", migrate: false);
        var (bootstrap, service) = ($"boot-{Guid.NewGuid():N}", $"svc-{Guid.NewGuid():N}");
        string[] Run(params string[] more) => [$"--Exchange:BootstrapKey={bootstrap}", $"--Silo:ServiceId={service}", "--Clusters:SuspectAfterSeconds=86400", .. more];

        string market, fresh, buyer;
        await using (var first = SiloProcess.Start(db.ConnectionString, $"rules-a-{Guid.NewGuid():N}", Run()))
        {
            await first.WaitReadyAsync();
            var (_, provider) = await KeyedHttp.NewTenantAsync(first.Http, bootstrap, "provider");
            (_, buyer) = await KeyedHttp.NewTenantAsync(first.Http, bootstrap, "buyer");
            var markets = (await KeyedHttp.SendAsync(first.Http, bootstrap, HttpMethod.Get, "/v1/markets?model=chat-70b&status=open&limit=8")).Body.GetProperty("items");
            (market, fresh) = (markets[5].GetProperty("marketId").GetString()!, markets[6].GetProperty("marketId").GetString()!);
            var clusterId = $"gpu-{Guid.NewGuid():N}"[..14];
            Assert.Equal(HttpStatusCode.Created, (await KeyedHttp.SendAsync(first.Http, provider, HttpMethod.Post, "/v1/clusters", Api.Parties.Cluster(clusterId, "hainan"))).Status);
            var ask = await KeyedHttp.SendAsync(first.Http, provider, HttpMethod.Post, "/v1/orders",
                new { clientOrderId = "hn-ask", marketId = market, side = "sell", price = "0.41", quantity = 3_000_000, clusterId });
            Assert.Equal(HttpStatusCode.Created, ask.Status);
            first.Kill();
        }

        await using var second = SiloProcess.Start(db.ConnectionString, $"rules-b-{Guid.NewGuid():N}", Run(Changed));
        await second.WaitReadyAsync();

        // The traded market still prices and numbers as it did: the Hainan ask at 0.41, a Hainan-only bid of one old lot fills.
        var book = await KeyedHttp.SendAsync(second.Http, buyer, HttpMethod.Get, $"/v1/markets/{market}/book");
        Assert.Equal("0.41", book.Body.GetProperty("asks")[0].GetProperty("price").GetString());
        var bid = await KeyedHttp.SendAsync(second.Http, buyer, HttpMethod.Post, "/v1/orders",
            new { clientOrderId = "hn-bid", marketId = market, side = "buy", price = "0.41", quantity = 1_000, constraints = new { regions = new[] { "hainan" } } });
        Assert.Equal(HttpStatusCode.Created, bid.Status);
        Assert.Equal(1_000, bid.Body.GetProperty("filledQuantity").GetInt64());

        // A market that never traded takes the new tick and lot.
        var offTick = await KeyedHttp.SendAsync(second.Http, buyer, HttpMethod.Post, "/v1/orders",
            new { clientOrderId = "new-1", marketId = fresh, side = "buy", price = "0.41", quantity = 2_000 });
        Assert.EndsWith("/invalid-tick-size", offTick.Body.GetProperty("type").GetString(), StringComparison.Ordinal);
        var offLot = await KeyedHttp.SendAsync(second.Http, buyer, HttpMethod.Post, "/v1/orders",
            new { clientOrderId = "new-2", marketId = fresh, side = "buy", price = "0.40", quantity = 1_000 });
        Assert.EndsWith("/invalid-lot-size", offLot.Body.GetProperty("type").GetString(), StringComparison.Ordinal);
    }
}
