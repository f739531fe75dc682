using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Exchange.Silo.Tests.Faults;
using Exchange.TestSupport;
using Npgsql;

namespace Exchange.Silo.Tests;

/// <summary>Regulators' reads run on connections of their own: however many download however slowly, order entry goes on.</summary>
[Collection(FaultCollection.Name)]
public sealed class RegulatorBudgetTests
{
    private const int ExchangePool = 6;

    [Fact]
    public async Task Stalled_exports_hold_only_the_regulators_connections_and_order_entry_goes_on()
    {
        await using var db = await TestDatabase.CreateAsync("reg-budget");
        var market = await SeedLedgerAsync(db, rows: 300_000);
        var bootstrap = $"boot-{Guid.NewGuid():N}";
        var small = new NpgsqlConnectionStringBuilder(db.ConnectionString) { MaxPoolSize = ExchangePool }.ConnectionString;
        await using var silo = SiloProcess.Start(small, $"budget-{Guid.NewGuid():N}", [.. PostgresRestartTests.GenerousQuotas(bootstrap), "--Regulator:MaxConnections=2"]);
        await silo.WaitReadyAsync();
        var (_, regulator) = await KeyedHttp.NewTenantAsync(silo.Http, bootstrap, "regulator", "FR");
        var (_, buyer) = await KeyedHttp.NewTenantAsync(silo.Http, bootstrap, "buyer");
        var openMarket = (await KeyedHttp.SendAsync(silo.Http, bootstrap, HttpMethod.Get, "/v1/markets?model=chat-70b&status=open&limit=5", null)).Body
            .GetProperty("items")[4].GetProperty("marketId").GetString();

        // Regulators see only what is settled; the seeded rows are, once the settler has moved the horizon past them.
        await Eventually.HoldsAsync("the ledger settled past the seeded allocations", TimeSpan.FromSeconds(30), async () =>
            await db.ScalarAsync<DateTime>("SELECT settled_before FROM ledger_horizon") > new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc));

        // As many downloads as the exchange has connections, none of them read: each holds its query open.
        using var downloads = new HttpClient { BaseAddress = silo.Http.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        var stalled = new List<HttpResponseMessage>();
        try
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, ExchangePool).Select(_ =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/v1/regulator/export?format=csv&marketId={market}", UriKind.Relative));
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", regulator);
                return downloads.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            }));
            stalled.AddRange(answers);
            var timer = Stopwatch.StartNew();
            for (var i = 0; i < 20; i++)
            {
                var order = await KeyedHttp.SendAsync(silo.Http, buyer, HttpMethod.Post, "/v1/orders",
                    new { clientOrderId = $"o-{i}", marketId = openMarket, side = "buy", price = "0.30", quantity = 1_000 });
                Assert.Equal(HttpStatusCode.Created, order.Status);
            }

            Assert.True(timer.Elapsed < TimeSpan.FromSeconds(10), $"20 orders took {timer.Elapsed} beside the stalled downloads");

            Assert.Equal(2, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
            Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.OK), a => Assert.Equal(HttpStatusCode.ServiceUnavailable, a.StatusCode));

            var summary = await KeyedHttp.SendAsync(silo.Http, regulator, HttpMethod.Get, "/v1/regulator/summary?groupBy=region", null);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, summary.Status);
        }
        finally
        {
            stalled.ForEach(r => r.Dispose());
        }

        await Eventually.HoldsAsync("regulators served again once the downloads went away", TimeSpan.FromSeconds(30), async () =>
            (await KeyedHttp.SendAsync(silo.Http, regulator, HttpMethod.Get, "/v1/regulator/summary?groupBy=region", null)).Status == HttpStatusCode.OK);
    }

    /// <summary>A past market with <paramref name="rows"/> settled allocations: a CSV export of it runs to about a hundred MB.</summary>
    private static async Task<string> SeedLedgerAsync(TestDatabase db, int rows)
    {
        const string Market = "chat-70b.20261101T0000";
        await db.ScalarAsync<object?>($"""
            INSERT INTO market_journal_batches (market_id, first_sequence, last_sequence, commands) VALUES ('{Market}', 1, 1, '\x0000000101');
            INSERT INTO allocations (market_id, sequence, allocation_id, journal_sequence, model, period_start, period_end, buyer_id,
                buyer_jurisdiction, buy_order_id, provider_id, cluster_id, region, sell_order_id, quantity, price_micros, notional,
                matched_at, prev_hash, hash)
            SELECT '{Market}', g, '{Market}.a' || g, 1, 'chat-70b', '2026-11-01T00:00:00Z', '2026-11-01T01:00:00Z', 'buyer-with-a-long-name',
                'DE', '{Market}.2', 'provider-with-a-long-name', 'cluster-with-a-long-name', 'hainan', '{Market}.1', 1000, 400000, 0.0004,
                '2026-10-31T12:00:00Z', decode(repeat('00', 32), 'hex'), decode(repeat('11', 32), 'hex')
            FROM generate_series(1, {rows}) AS g;
            SELECT NULL;
            """);
        return Market;
    }
}
