using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Exchange.Silo.Tests.Api;

/// <summary>Live market data over server-sent events, through the real host.</summary>
[Collection(ApiCollection.Name)]
public sealed class MarketStreamTests(ApiSiloFixture fixture)
{
    [Fact]
    public async Task The_stream_opens_with_a_snapshot_then_tells_trades_and_top_of_book_changes_without_identities()
    {
        var desk = await fixture.NewDeskAsync();
        var (_, key) = await fixture.NewKeyAsync(desk.Buyer.Id);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{fixture.Silo.HttpPort}"), Timeout = Timeout.InfiniteTimeSpan };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/markets/{desk.Market}/stream");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var snapshot = await NextEventAsync(reader, timeout.Token);
        Assert.Equal("snapshot", snapshot.Name);
        Assert.Equal(desk.Market, snapshot.Data.GetProperty("marketId").GetString());

        (await desk.AskAsync("0.40", 10_000)).Expect(HttpStatusCode.Created);
        (await desk.BidAsync("0.45", 4_000)).Expect(HttpStatusCode.Created);

        var events = new List<(string Name, JsonElement Data)>();
        while (!events.Any(e => e.Name == "trade"))
        {
            events.Add(await NextEventAsync(reader, timeout.Token));
        }

        var trade = events.Single(e => e.Name == "trade").Data;
        Assert.Equal("0.40", trade.GetProperty("price").GetString());
        Assert.Equal(4_000, trade.GetProperty("quantity").GetInt64());
        Assert.Equal(1, trade.GetProperty("sequence").GetInt64());
        var firstTop = events.First(e => e.Name == "top").Data;
        Assert.Equal("0.40", firstTop.GetProperty("ask").GetProperty("price").GetString());
        Assert.Equal(10_000, firstTop.GetProperty("ask").GetProperty("quantity").GetInt64());

        var afterTrade = await NextEventAsync(reader, timeout.Token);
        Assert.Equal("top", afterTrade.Name);
        Assert.Equal(6_000, afterTrade.Data.GetProperty("ask").GetProperty("quantity").GetInt64());

        // No event names a tenant, an order or a cluster.
        var everything = string.Join('\n', events.Append(afterTrade).Select(e => e.Data.GetRawText()));
        Assert.DoesNotContain(desk.Buyer.Id, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(desk.Provider.Id, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(desk.ClusterId, everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_holds_at_most_four_streams_at_once_and_a_closed_one_frees_its_slot()
    {
        var buyer = await fixture.NewTenantAsync("buyer");
        var (_, key) = await fixture.NewKeyAsync(buyer.Id);
        var (_, otherKey) = await fixture.NewKeyAsync(buyer.Id);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{fixture.Silo.HttpPort}"), Timeout = Timeout.InfiniteTimeSpan };
        Task<HttpResponseMessage> Open(string bearer)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/markets/{fixture.QuietMarket}/stream");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            return http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        }

        var open = new List<HttpResponseMessage>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                open.Add(await Open(key));
                Assert.Equal(HttpStatusCode.OK, open[^1].StatusCode);
            }

            using (var fifth = await Open(key))
            {
                Assert.Equal(HttpStatusCode.TooManyRequests, fifth.StatusCode);
                Assert.EndsWith("/too-many-streams", JsonDocument.Parse(await fifth.Content.ReadAsStringAsync()).RootElement.GetProperty("type").GetString(), StringComparison.Ordinal);
                Assert.NotNull(fifth.Headers.RetryAfter);
            }

            // Another key of the same tenant has slots of its own.
            open.Add(await Open(otherKey));
            Assert.Equal(HttpStatusCode.OK, open[^1].StatusCode);

            open[0].Dispose();
            await Exchange.TestSupport.Eventually.HoldsAsync("a closed stream's slot to be free again", TimeSpan.FromSeconds(20), async () =>
            {
                var again = await Open(key);
                if (again.StatusCode == HttpStatusCode.OK)
                {
                    open.Add(again);
                    return true;
                }

                again.Dispose();
                return false;
            }, TimeSpan.FromMilliseconds(200));
        }
        finally
        {
            open.ForEach(r => r.Dispose());
        }
    }

    [Fact]
    public async Task The_stream_of_an_unknown_market_is_404_and_needs_a_key()
    {
        var buyer = await fixture.NewTenantAsync("buyer");
        (await buyer.Client.GetAsync("/v1/markets/no-such-model.20261128T1400/stream")).ExpectProblem(HttpStatusCode.NotFound);
        (await fixture.Client(null).GetAsync($"/v1/markets/{fixture.NextMarket()}/stream")).ExpectProblem(HttpStatusCode.Unauthorized);
    }

    private static async Task<(string Name, JsonElement Data)> NextEventAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        string? name = null;
        string? data = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0 && name is not null && data is not null)
            {
                return (name, JsonDocument.Parse(data).RootElement.Clone());
            }

            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line["data: ".Length..];
            }
        }

        throw new EndOfStreamException("The stream ended.");
    }
}
