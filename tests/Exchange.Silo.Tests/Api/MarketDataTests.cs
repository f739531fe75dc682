using System.Net;
using System.Text.Json;

namespace Exchange.Silo.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class MarketDataTests(ApiSiloFixture fixture)
{
    [Fact]
    public async Task Regions_and_models_list_the_catalog_to_any_key()
    {
        var buyer = await fixture.NewTenantAsync("buyer");

        var regions = (await buyer.Client.GetAsync("/v1/regions")).Expect(HttpStatusCode.OK);
        var models = (await buyer.Client.GetAsync("/v1/models")).Expect(HttpStatusCode.OK);

        Assert.Equal(["hainan", "guangdong"], regions.Items.Select(r => r.GetProperty("id").GetString()));
        Assert.All(regions.Items, r => Assert.False(string.IsNullOrEmpty(r.GetProperty("name").GetString())));
        Assert.Equal(["chat-70b", "chat-8b", "embed-1b"], models.Items.Select(m => m.GetProperty("id").GetString()));
        Assert.All(models.Items, m => Assert.False(string.IsNullOrEmpty(m.GetProperty("name").GetString())));
    }

    [Fact]
    public async Task Each_model_shows_the_token_weights_it_is_delivered_and_settled_in()
    {
        var buyer = await fixture.NewTenantAsync("buyer");

        var models = (await buyer.Client.GetAsync("/v1/models")).Expect(HttpStatusCode.OK);

        var weights = models.Items.ToDictionary(m => m.GetProperty("id").GetString()!, m => m.GetProperty("weights"));
        Assert.Equal(ShippedConfiguration.Catalog.Models.Select(m => m.Id), weights.Keys);
        Assert.All(ShippedConfiguration.Catalog.Models, configured =>
        {
            var shown = weights[configured.Id];
            Assert.Equal(configured.Weights.Input, decimal.Parse(shown.GetProperty("input").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(configured.Weights.CachedInput, decimal.Parse(shown.GetProperty("cachedInput").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(configured.Weights.Output, decimal.Parse(shown.GetProperty("output").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        });
        Assert.Equal("0.25", weights["chat-70b"].GetProperty("cachedInput").GetString());
    }

    [Fact]
    public async Task Markets_of_a_model_cover_the_next_47_hours_with_lot_size_and_tick_size()
    {
        var buyer = await fixture.NewTenantAsync("buyer");

        var markets = (await buyer.Client.GetAsync("/v1/markets?model=chat-70b")).Expect(HttpStatusCode.OK);

        Assert.True(markets["nextCursor"].ValueKind == JsonValueKind.Null, markets.Text);
        Assert.All(markets.Items, m =>
        {
            Assert.Equal("chat-70b", m.GetProperty("model").GetString());
            Assert.Equal("open", m.GetProperty("status").GetString());
            Assert.Equal(1000, m.GetProperty("lotSize").GetInt64());
            Assert.Equal("0.01", m.GetProperty("tickSize").GetString());
            Assert.Equal(TimeSpan.FromHours(1), m.GetProperty("periodEnd").GetDateTimeOffset() - m.GetProperty("periodStart").GetDateTimeOffset());
            Assert.StartsWith("chat-70b.", m.GetProperty("marketId").GetString(), StringComparison.Ordinal);
        });
        var starts = markets.Items.Select(m => m.GetProperty("periodStart").GetDateTimeOffset()).ToList();
        Assert.Equal(starts.Order(), starts);
        Assert.True(starts[^1] >= DateTimeOffset.UtcNow.AddHours(46), $"The listing ends at {starts[^1]:O}.");
    }

    [Fact]
    public async Task Markets_page_by_cursor_through_the_same_list()
    {
        var buyer = await fixture.NewTenantAsync("buyer");
        var all = (await buyer.Client.GetAsync("/v1/markets?model=chat-8b")).Expect(HttpStatusCode.OK).Items.Select(Id).ToList();

        var paged = new List<string>();
        string? cursor = null;
        do
        {
            var page = (await buyer.Client.GetAsync($"/v1/markets?model=chat-8b&limit=7{(cursor is null ? "" : "&cursor=" + cursor)}")).Expect(HttpStatusCode.OK);
            Assert.True(page.Items.Count <= 7);
            paged.AddRange(page.Items.Select(Id));
            cursor = page["nextCursor"].GetString();
        }
        while (cursor is not null);

        Assert.Equal(all, paged);

        static string Id(JsonElement m) => m.GetProperty("marketId").GetString()!;
    }

    [Theory]
    [InlineData("from=9999-12-31T23:30:00Z")]
    [InlineData("from=2099-01-01T00:00:00Z&to=2099-01-02T00:00:00Z")]
    [InlineData("from=2026-11-28T10:00:00Z&to=2026-11-28T09:00:00Z")]
    public async Task Markets_in_a_window_with_no_listed_period_are_an_empty_list(string query)
    {
        var buyer = await fixture.NewTenantAsync("buyer");

        var markets = (await buyer.Client.GetAsync($"/v1/markets?{query}")).Expect(HttpStatusCode.OK);

        Assert.Empty(markets.Items);
        Assert.Equal(JsonValueKind.Null, markets["nextCursor"].ValueKind);
    }

    [Fact]
    public async Task The_book_aggregates_price_levels_best_first_without_identities()
    {
        var desk = await fixture.NewDeskAsync();
        await desk.AskAsync("0.60", 5000);
        await desk.AskAsync("0.50", 2000);
        await desk.AskAsync("0.50", 3000);
        await desk.BidAsync("0.30", 4000);
        await desk.BidAsync("0.35", 1000);

        var book = (await desk.Buyer.Client.GetAsync($"/v1/markets/{desk.Market}/book")).Expect(HttpStatusCode.OK);
        var top = (await desk.Buyer.Client.GetAsync($"/v1/markets/{desk.Market}/book?depth=1")).Expect(HttpStatusCode.OK);

        Assert.Equal([("0.50", 5000L, 2), ("0.60", 5000L, 1)], Levels(book["asks"]));
        Assert.Equal([("0.35", 1000L, 1), ("0.30", 4000L, 1)], Levels(book["bids"]));
        Assert.Equal([("0.50", 5000L, 2)], Levels(top["asks"]));
        Assert.Equal([("0.35", 1000L, 1)], Levels(top["bids"]));
        Assert.All(book["asks"].EnumerateArray().Concat(book["bids"].EnumerateArray()),
            level => Assert.Equal(["price", "quantity", "orders"], level.EnumerateObject().Select(p => p.Name)));
    }

    [Fact]
    public async Task The_trade_tape_lists_trades_in_sequence_without_identities_and_pages()
    {
        var desk = await fixture.NewDeskAsync();
        await desk.AskAsync("0.41", 1000);
        await desk.AskAsync("0.42", 2000);
        await desk.BidAsync("0.45", 3000);
        var trades = $"/v1/markets/{desk.Market}/trades";

        var tape = (await desk.Buyer.Client.GetAsync(trades)).Expect(HttpStatusCode.OK);
        var first = (await desk.Buyer.Client.GetAsync($"{trades}?limit=1")).Expect(HttpStatusCode.OK);
        var second = (await desk.Buyer.Client.GetAsync($"{trades}?limit=1&cursor={first.Str("nextCursor")}")).Expect(HttpStatusCode.OK);

        Assert.Equal([(1L, "0.41", 1000L), (2L, "0.42", 2000L)],
            tape.Items.Select(t => (t.GetProperty("sequence").GetInt64(), t.GetProperty("price").GetString(), t.GetProperty("quantity").GetInt64())));
        Assert.All(tape.Items, t => Assert.Equal(["sequence", "price", "quantity", "matchedAt"], t.EnumerateObject().Select(p => p.Name)));
        Assert.Equal(1, Assert.Single(first.Items).GetProperty("sequence").GetInt64());
        Assert.Equal(2, Assert.Single(second.Items).GetProperty("sequence").GetInt64());
    }

    [Theory]
    [InlineData("/v1/markets/chat-70b.20261128T0405/book")]
    [InlineData("/v1/markets/gpt-9.20261128T0400/book")]
    [InlineData("/v1/markets/not-a-market/trades")]
    [InlineData("/v1/markets/chat-70b.29990101T0000/trades")]
    public async Task An_unknown_market_is_404(string path)
    {
        var buyer = await fixture.NewTenantAsync("buyer");

        await fixture.StoresNothingAsync(async () => (await buyer.Client.GetAsync(path)).ExpectProblem(HttpStatusCode.NotFound, "not-found"));
    }

    [Theory]
    [InlineData("/v1/markets/chat-70b.20000101T0000/book")]
    [InlineData("/v1/markets/chat-8b.20100101T0000/trades")]
    [InlineData("/v1/orders/embed-1b.20200101T0000.1")]
    public async Task Reading_a_past_market_that_never_traded_stores_nothing(string path)
    {
        var buyer = await fixture.NewTenantAsync("buyer");

        var response = await fixture.StoresNothingAsync(() => buyer.Client.GetAsync(path));

        Assert.True(response.Status is HttpStatusCode.OK or HttpStatusCode.NotFound, response.ToString());
    }

    private static List<(string?, long, int)> Levels(JsonElement levels) =>
        [.. levels.EnumerateArray().Select(l => (l.GetProperty("price").GetString(), l.GetProperty("quantity").GetInt64(), l.GetProperty("orders").GetInt32()))];
}
