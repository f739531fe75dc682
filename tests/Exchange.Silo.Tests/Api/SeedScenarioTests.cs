using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Exchange.Silo.Tests.Api;

/// <summary>
/// The seed scenario end to end: providers in Hainan and Guangdong offer capacity at different prices; buyers from
/// Germany, the United States and Singapore bid, some only for one region or a minimum tier. Allocations follow
/// price-time priority within each bid's constraints, and every view of them (buyers', providers', orders', tape, usage) agrees.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SeedScenarioTests(ApiSiloFixture fixture)
{
    [Fact]
    public async Task Allocations_follow_price_time_priority_within_every_constraint_and_all_views_agree()
    {
        var market = fixture.NextMarket();
        var hainan = await fixture.NewTenantAsync("provider", "CN");
        var guangdong = await fixture.NewTenantAsync("provider", "CN");
        var german = await fixture.NewTenantAsync("buyer", "DE");
        var american = await fixture.NewTenantAsync("buyer", "US");
        var singaporean = await fixture.NewTenantAsync("buyer", "SG");
        var californian = await fixture.NewTenantAsync("buyer", "US");
        var hn = await hainan.NewClusterAsync("hainan", 3, 100_000, "zdr", "no-training");
        var gd = await guangdong.NewClusterAsync("guangdong", 1, 100_000);
        var clusters = new Dictionary<string, (string Region, int Tier)> { [hn] = ("hainan", 3), [gd] = ("guangdong", 1) };

        await guangdong.PlaceAsync(Parties.Ask(market, gd, "0.40", 6000));
        await hainan.PlaceAsync(Parties.Ask(market, hn, "0.45", 5000));
        await guangdong.PlaceAsync(Parties.Ask(market, gd, "0.48", 4000));
        await hainan.PlaceAsync(Parties.Ask(market, hn, "0.50", 5000));

        // Only Hainan: skips the cheaper Guangdong ask, takes Hainan's best then its next.
        var de = await german.PlaceAsync(Parties.Bid(market, "0.50", 7000, new { regions = new[] { "hainan" } }));
        // Tier 2 or better: only Hainan qualifies, and its remaining ask is above the bid, so the bid rests.
        var us = await american.PlaceAsync(Parties.Bid(market, "0.47", 4000, new { minTier = 2 }));
        // Anything: the cheapest asks first.
        var sg = await singaporean.PlaceAsync(Parties.Bid(market, "0.48", 8000));
        // Only Guangdong: what remains of its 0.48 ask, the rest rests.
        var ca = await californian.PlaceAsync(Parties.Bid(market, "0.55", 3000, new { regions = new[] { "guangdong" } }));
        // A new Hainan ask meets the best bid it may serve: not the Guangdong-only 0.55, but the tier-2 0.47.
        var late = await hainan.PlaceAsync(Parties.Ask(market, hn, "0.46", 2000));

        Assert.Equal(("filled", 7000L, 0L), Progress(de));
        Assert.Equal(("open", 0L, 4000L), Progress(us));
        Assert.Equal(("filled", 8000L, 0L), Progress(sg));
        Assert.Equal(("partially_filled", 2000L, 1000L), Progress(ca));
        Assert.Equal(("filled", 2000L, 0L), Progress(late));

        var buyers = new[] { german, american, singaporean, californian };
        var jurisdictions = new Dictionary<string, string> { [german.Id] = "DE", [american.Id] = "US", [singaporean.Id] = "SG", [californian.Id] = "US" };
        var byBuyers = await AllocationsAsync(buyers, market);
        var byProviders = await AllocationsAsync([hainan, guangdong], market);
        var expected = new[]
        {
            (german.Id, hn, 5000L, "0.45"),
            (german.Id, hn, 2000L, "0.50"),
            (singaporean.Id, gd, 6000L, "0.40"),
            (singaporean.Id, gd, 2000L, "0.48"),
            (californian.Id, gd, 2000L, "0.48"),
            (american.Id, hn, 2000L, "0.47"),
        };
        Assert.Equal(expected, byBuyers.Select(a => (Str(a, "buyerId"), Str(a, "clusterId"), a.GetProperty("quantity").GetInt64(), Str(a, "price"))));

        // Buyers' and providers' views hold the same allocations, field for field.
        Assert.Equal(byBuyers.Select(a => a.GetRawText()), byProviders.Select(a => a.GetRawText()));

        // Every allocation honours its bid's constraints and the market's chain.
        var bids = new Dictionary<string, (string[] Regions, int MinTier)>
        {
            [de.Str("orderId")] = (["hainan"], 0),
            [us.Str("orderId")] = ([], 2),
            [sg.Str("orderId")] = ([], 0),
            [ca.Str("orderId")] = (["guangdong"], 0),
        };
        var previousHash = new string('0', 64);
        for (var i = 0; i < byBuyers.Count; i++)
        {
            var a = byBuyers[i];
            var (regions, minTier) = bids[Str(a, "buyOrderId")];
            var (region, tier) = clusters[Str(a, "clusterId")];
            Assert.Equal(region, Str(a, "region"));
            Assert.True(regions.Length == 0 || regions.Contains(region), $"{Str(a, "allocationId")} delivers from {region}, which its bid excludes.");
            Assert.True(tier >= minTier, $"{Str(a, "allocationId")} delivers from tier {tier}, below its bid's {minTier}.");
            Assert.Equal(i + 1, a.GetProperty("sequence").GetInt64());
            Assert.Equal(previousHash, Str(a, "prevHash"));
            previousHash = Str(a, "hash");
            Assert.Equal(market, Str(a, "marketId"));
            Assert.Equal(jurisdictions[Str(a, "buyerId")], Str(a, "buyerJurisdiction"));
            Assert.Equal(Notional(a), decimal.Parse(Str(a, "notional"), CultureInfo.InvariantCulture));
        }

        // Each order's fills are exactly its allocations.
        foreach (var party in buyers.Concat([hainan, guangdong]))
        {
            foreach (var order in (await party.Client.GetAsync($"/v1/orders?marketId={market}")).Expect(HttpStatusCode.OK).Items)
            {
                var orderId = order.GetProperty("orderId").GetString()!;
                var read = (await party.Client.GetAsync($"/v1/orders/{orderId}")).Expect(HttpStatusCode.OK);
                var mine = byBuyers.Where(a => Str(a, "buyOrderId") == orderId || Str(a, "sellOrderId") == orderId).ToList();
                Assert.Equal(mine.Select(a => Str(a, "allocationId")), read["allocations"].EnumerateArray().Select(e => e.GetString()));
                Assert.Equal(mine.Sum(a => a.GetProperty("quantity").GetInt64()), read.Long("filledQuantity"));
                Assert.Equal(mine.Sum(Notional), decimal.Parse(read.Str("filledNotional"), CultureInfo.InvariantCulture));
                Assert.Equal(order.GetRawText(), read.Text);
            }
        }

        // What each buyer spent is what its allocations cost.
        foreach (var buyer in buyers)
        {
            var spent = decimal.Parse((await buyer.Client.GetAsync("/v1/me"))["usage"].GetProperty("spent").GetString()!, CultureInfo.InvariantCulture);
            Assert.Equal(byBuyers.Where(a => Str(a, "buyerId") == buyer.Id).Sum(Notional), spent);
        }

        // The public tape is the same trades, without identities.
        var tape = (await german.Client.GetAsync($"/v1/markets/{market}/trades")).Expect(HttpStatusCode.OK).Items;
        Assert.Equal(byBuyers.Select(a => (a.GetProperty("sequence").GetInt64(), Str(a, "price"), a.GetProperty("quantity").GetInt64())),
            tape.Select(t => (t.GetProperty("sequence").GetInt64(), Str(t, "price"), t.GetProperty("quantity").GetInt64())));
    }

    /// <summary>The allocations in a market that these parties see, merged and in chain order, each once.</summary>
    private static async Task<List<JsonElement>> AllocationsAsync(IEnumerable<Party> parties, string market)
    {
        var all = new List<JsonElement>();
        foreach (var party in parties)
        {
            all.AddRange((await party.Client.GetAsync($"/v1/allocations?marketId={market}")).Expect(HttpStatusCode.OK).Items);
        }

        return [.. all.DistinctBy(a => Str(a, "allocationId")).OrderBy(a => a.GetProperty("sequence").GetInt64())];
    }

    private static (string, long, long) Progress(ApiResponse order) => (order.Str("status"), order.Long("filledQuantity"), order.Long("remainingQuantity"));

    private static decimal Notional(JsonElement a) =>
        a.GetProperty("quantity").GetInt64() * decimal.Parse(Str(a, "price"), CultureInfo.InvariantCulture) / 1_000_000m;

    private static string Str(JsonElement element, string name) => element.GetProperty(name).GetString()!;
}
