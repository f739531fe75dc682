using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Exchange.Silo.Tests.Api;

/// <summary>Regulators query, summarize, export and verify the allocation ledger; a seeded market gives hand-computed answers.</summary>
[Collection(ApiCollection.Name)]
public sealed class RegulatorEndpointTests(ApiSiloFixture fixture)
{
    /// <summary>
    /// Two providers ask 10 M tokens each (Hainan at 0.40, Guangdong at 0.45); a DE buyer bids 4 M for Hainan only, a US
    /// buyer 8 M anywhere, an SG buyer 3 M for Guangdong only, all at 0.50. Price-time priority gives four allocations:
    /// DE 4 M at 0.40 (Hainan), US 6 M at 0.40 (Hainan) and 2 M at 0.45 (Guangdong), SG 3 M at 0.45 (Guangdong).
    /// </summary>
    private async Task<(string Market, Party Regulator, string[] Allocations, Party Hainan, Party Guangdong, Party De, Party Us, Party Sg)> SeedAsync()
    {
        var market = fixture.NextMarket();
        var hainan = await fixture.NewTenantAsync("provider", "CN");
        var guangdong = await fixture.NewTenantAsync("provider", "CN");
        var hnCluster = await hainan.NewClusterAsync(region: "hainan");
        var gdCluster = await guangdong.NewClusterAsync(region: "guangdong");
        var de = await fixture.NewTenantAsync("buyer", "DE");
        var us = await fixture.NewTenantAsync("buyer", "US");
        var sg = await fixture.NewTenantAsync("buyer", "SG");
        await hainan.PlaceAsync(Parties.Ask(market, hnCluster, "0.40", 10_000_000));
        await guangdong.PlaceAsync(Parties.Ask(market, gdCluster, "0.45", 10_000_000));
        var ids = new List<string>();
        foreach (var (buyer, quantity, regions) in new[] { (de, 4_000_000L, new[] { "hainan" }), (us, 8_000_000L, Array.Empty<string>()), (sg, 3_000_000L, new[] { "guangdong" }) })
        {
            var order = await buyer.PlaceAsync(Parties.Bid(market, "0.50", quantity, new { regions }));
            ids.AddRange(order["allocations"].EnumerateArray().Select(a => a.GetString()!));
        }

        var regulator = await fixture.NewTenantAsync("regulator", "CN");
        await fixture.WaitForSettledLedgerAsync();
        return (market, regulator, [.. ids], hainan, guangdong, de, us, sg);
    }

    [Fact]
    public async Task Filters_combine_freely_and_select_exactly_the_hand_computed_allocations()
    {
        var (market, regulator, ids, hainan, guangdong, de, us, sg) = await SeedAsync();
        async Task<string[]> Query(string filters) =>
            [.. (await regulator.Client.GetAsync($"/v1/regulator/allocations?marketId={market}{filters}")).Expect(HttpStatusCode.OK)
                .Items.Select(a => $"{a.GetProperty("buyerJurisdiction").GetString()} {a.GetProperty("region").GetString()} {a.GetProperty("quantity").GetInt64()} {a.GetProperty("price").GetString()}")];

        Assert.Equal(["DE hainan 4000000 0.40", "US hainan 6000000 0.40", "US guangdong 2000000 0.45", "SG guangdong 3000000 0.45"], await Query(""));
        Assert.Equal(["US guangdong 2000000 0.45", "SG guangdong 3000000 0.45"], await Query("&region=guangdong"));
        Assert.Equal(["US hainan 6000000 0.40", "US guangdong 2000000 0.45"], await Query("&jurisdiction=US"));
        Assert.Equal(["US guangdong 2000000 0.45"], await Query($"&jurisdiction=US&providerId={guangdong.Id}"));
        var model = market[..market.LastIndexOf('.')];
        var otherModel = model == "chat-8b" ? "chat-70b" : "chat-8b";
        Assert.Equal(["DE hainan 4000000 0.40"], await Query($"&buyerId={de.Id}&model={model}"));
        Assert.Equal(["SG guangdong 3000000 0.45"], await Query($"&buyerId={sg.Id}&region=guangdong&providerId={guangdong.Id}"));
        Assert.Empty(await Query($"&buyerId={sg.Id}&providerId={hainan.Id}"));
        Assert.Empty(await Query($"&model={otherModel}"));
        Assert.Empty(await Query($"&from={DateTimeOffset.UtcNow.AddHours(1):yyyy-MM-ddTHH:mm:ssZ}"));
        Assert.Equal(4, (await Query($"&to={DateTimeOffset.UtcNow.AddHours(1):yyyy-MM-ddTHH:mm:ssZ}&deliveryFrom=2000-01-01T00:00:00Z")).Length);

        // Page by page, one at a time: the same rows, in the same order, none twice.
        var paged = new List<string>();
        var cursor = "";
        do
        {
            var page = (await regulator.Client.GetAsync($"/v1/regulator/allocations?marketId={market}&limit=1{cursor}")).Expect(HttpStatusCode.OK);
            paged.AddRange(page.Items.Select(a => a.GetProperty("allocationId").GetString()!));
            cursor = page["nextCursor"].ValueKind == JsonValueKind.Null ? "" : $"&cursor={page.Str("nextCursor")}";
        }
        while (cursor.Length > 0);
        Assert.Equal(ids, paged);
        _ = us;
    }

    [Fact]
    public async Task Regulators_are_served_exactly_the_allocations_matched_before_the_settled_horizon()
    {
        var regulator = await fixture.NewTenantAsync("regulator", "CN");
        var market = fixture.NextMarket();
        var provider = await fixture.NewTenantAsync("provider", "CN");
        var buyer = await fixture.NewTenantAsync("buyer", "DE");
        await provider.PlaceAsync(Parties.Ask(market, await provider.NewClusterAsync(region: "hainan"), "0.40", 5_000_000));
        var bid = await buyer.PlaceAsync(Parties.Bid(market, "0.40", 2_000_000));
        var matchedAt = (await buyer.Client.GetAsync($"/v1/allocations?marketId={market}")).Expect(HttpStatusCode.OK).Items.Single().GetProperty("matchedAt").GetDateTimeOffset();

        // Whatever the timing: a row matched before the horizon as it stood before the request is served, and one matched
        // at or after the horizon as it stands after the request is not.
        var before = await Horizon();
        var served = (await regulator.Client.GetAsync($"/v1/regulator/allocations?marketId={market}")).Expect(HttpStatusCode.OK).Items;
        var after = await Horizon();
        if (matchedAt < before)
        {
            Assert.Single(served);
        }
        else if (matchedAt >= after)
        {
            Assert.Empty(served);
        }

        await fixture.WaitForSettledLedgerAsync();
        var settled = (await regulator.Client.GetAsync($"/v1/regulator/allocations?marketId={market}")).Expect(HttpStatusCode.OK);
        Assert.Equal(bid["allocations"][0].GetString(), settled.Items.Single().GetProperty("allocationId").GetString());

        // The range reaches past the horizon, so the short page still says where to resume; the empty page after it does not.
        var resumed = (await regulator.Client.GetAsync($"/v1/regulator/allocations?marketId={market}&cursor={settled.Str("nextCursor")}")).Expect(HttpStatusCode.OK);
        Assert.Empty(resumed.Items);
        Assert.Equal(JsonValueKind.Null, resumed["nextCursor"].ValueKind);
        var closedRange = (await regulator.Client.GetAsync($"/v1/regulator/allocations?marketId={market}&to={matchedAt.AddMilliseconds(1):yyyy-MM-ddTHH:mm:ss.fffZ}")).Expect(HttpStatusCode.OK);
        Assert.Single(closedRange.Items);
        Assert.Equal(JsonValueKind.Null, closedRange["nextCursor"].ValueKind);

        Task<DateTimeOffset> Horizon() => fixture.ReadLedgerHorizonAsync();
    }

    [Fact]
    public async Task Summaries_group_by_any_dimension_and_add_up_to_the_rows_exactly()
    {
        var (market, regulator, _, _, _, _, _, _) = await SeedAsync();
        var rows = (await regulator.Client.GetAsync($"/v1/regulator/summary?groupBy=region,jurisdiction&marketId={market}")).Expect(HttpStatusCode.OK)["rows"]
            .EnumerateArray().Select(r => $"{r.GetProperty("region").GetString()} {r.GetProperty("jurisdiction").GetString()} {r.GetProperty("allocations").GetInt64()} {r.GetProperty("quantity").GetInt64()} {r.GetProperty("notional").GetString()}");
        Assert.Equal(["guangdong SG 1 3000000 1.35", "guangdong US 1 2000000 0.90", "hainan DE 1 4000000 1.60", "hainan US 1 6000000 2.40"], rows);

        var total = (await regulator.Client.GetAsync($"/v1/regulator/summary?marketId={market}")).Expect(HttpStatusCode.OK)["rows"][0];
        Assert.Equal(4, total.GetProperty("allocations").GetInt64());
        Assert.Equal(15_000_000, total.GetProperty("quantity").GetInt64());
        Assert.Equal("6.25", total.GetProperty("notional").GetString());

        var byDay = (await regulator.Client.GetAsync($"/v1/regulator/summary?groupBy=day,model,provider&marketId={market}")).Expect(HttpStatusCode.OK)["rows"];
        Assert.Equal(15_000_000, byDay.EnumerateArray().Sum(r => r.GetProperty("quantity").GetInt64()));
        // The orders matched moments ago: today, or yesterday when the test ran across midnight.
        var days = new[] { DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(-5) }.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToArray();
        Assert.All(byDay.EnumerateArray(), r => Assert.Contains(r.GetProperty("day").GetString(), days));

        (await regulator.Client.GetAsync("/v1/regulator/summary?groupBy=region,colour")).ExpectInvalid("groupBy");
        (await regulator.Client.GetAsync("/v1/regulator/summary?groupBy=region,region")).ExpectInvalid("groupBy");
    }

    [Fact]
    public async Task Exports_stream_the_same_rows_as_csv_with_the_contract_header_or_as_json_lines()
    {
        var (market, regulator, ids, _, _, _, _, _) = await SeedAsync();

        var csv = (await regulator.Client.GetAsync($"/v1/regulator/export?format=csv&marketId={market}")).Expect(HttpStatusCode.OK);
        var lines = csv.Text.TrimEnd('\n').Split('\n');
        Assert.Equal("allocationId,marketId,model,periodStart,periodEnd,buyerId,buyerJurisdiction,buyOrderId,providerId,clusterId,region,sellOrderId,quantity,price,notional,matchedAt,sequence,hash,prevHash,parentAllocationId", lines[0]);
        Assert.Equal(ids, lines.Skip(1).Select(l => l.Split(',')[0]));
        Assert.Equal("text/csv", csv.MediaType);

        var jsonl = (await regulator.Client.GetAsync($"/v1/regulator/export?format=jsonl&marketId={market}")).Expect(HttpStatusCode.OK);
        var objects = jsonl.Text.TrimEnd('\n').Split('\n').Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(ids, objects.Select(o => o.GetProperty("allocationId").GetString()));
        Assert.Equal("6.25", objects.Sum(o => decimal.Parse(o.GetProperty("notional").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));

        (await regulator.Client.GetAsync($"/v1/regulator/export?format=xlsx&marketId={market}")).ExpectInvalid("format");
    }

    [Fact]
    public async Task Verify_recomputes_the_chain_and_names_an_edited_allocation()
    {
        var (market, regulator, _, _, _, _, _, _) = await SeedAsync();
        var intact = (await regulator.Client.GetAsync($"/v1/regulator/verify?marketId={market}")).Expect(HttpStatusCode.OK);
        Assert.True(intact["ok"].GetBoolean());
        Assert.Equal(4, intact.Long("checked"));

        await TamperAsync($"UPDATE allocations SET quantity = quantity + 1000 WHERE market_id = '{market}' AND sequence = 3");
        var broken = (await regulator.Client.GetAsync($"/v1/regulator/verify?marketId={market}")).Expect(HttpStatusCode.OK);
        Assert.False(broken["ok"].GetBoolean());
        Assert.Equal(market, broken.Str("marketId"));
        Assert.Equal(3, broken.Long("sequence"));
    }

    [Fact]
    public async Task Verify_names_a_deleted_allocation()
    {
        var (market, regulator, _, _, _, _, _, _) = await SeedAsync();
        await TamperAsync($"DELETE FROM allocations WHERE market_id = '{market}' AND sequence = 2");
        var broken = (await regulator.Client.GetAsync($"/v1/regulator/verify?marketId={market}")).Expect(HttpStatusCode.OK);
        Assert.False(broken["ok"].GetBoolean());
        Assert.Equal(2, broken.Long("sequence"));
    }

    // The ledger refuses edits: only someone who can switch its guard off (the table's owner) can alter it.
    [Fact]
    public async Task An_edited_notional_is_caught_by_verify_and_changes_no_summary()
    {
        var (market, regulator, _, _, _, _, _, _) = await SeedAsync();
        var summary = $"/v1/regulator/summary?groupBy=region&marketId={market}";
        var before = (await regulator.Client.GetAsync(summary)).Expect(HttpStatusCode.OK).Text;

        await TamperAsync($"UPDATE allocations SET notional = notional + 1000 WHERE market_id = '{market}' AND sequence = 2");

        var broken = (await regulator.Client.GetAsync($"/v1/regulator/verify?marketId={market}")).Expect(HttpStatusCode.OK);
        Assert.False(broken["ok"].GetBoolean());
        Assert.Equal(2, broken.Long("sequence"));
        Assert.Equal(before, (await regulator.Client.GetAsync(summary)).Expect(HttpStatusCode.OK).Text);
    }

    private Task TamperAsync(string sql) => fixture.Database.ScalarAsync<object?>($"""
        ALTER TABLE allocations DISABLE TRIGGER allocations_append_only;
        {sql};
        ALTER TABLE allocations ENABLE TRIGGER allocations_append_only;
        SELECT NULL;
        """);
}
