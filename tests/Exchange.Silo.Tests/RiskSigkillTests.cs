using System.Collections.Concurrent;
using Exchange.Contracts.Clusters;
using Exchange.Contracts.Markets;
using Exchange.Contracts.Tenants;
using Exchange.Markets;
using Exchange.Storage.Ledger;
using Exchange.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Exchange.Silo.Tests;

/// <summary>Orders through tenant and cluster grains, as the API will send them, while a silo is killed.</summary>
public sealed class RiskSigkillTests(ITestOutputHelper output)
{
    // One small cluster per provider, so capacity really runs out mid-stream, and one large enough (and credit large
    // enough) that the flow never runs dry: every acknowledged order uses up capacity or credit for good, and with the
    // large cluster at 50,000 tokens/s and 300 USD of credit the whole run could acknowledge only about 3,400 orders,
    // so a slow restart could leave none for the last phase.
    private static readonly Dictionary<string, long> TokensPerSecond = new()
    {
        ["prov-hn-a"] = 2_000, ["prov-hn-b"] = 10_000_000, ["prov-gd-a"] = 2_000, ["prov-gd-b"] = 10_000_000,
    };

    [Fact]
    public async Task After_a_SIGKILL_no_cluster_is_oversold_and_every_tenants_reservations_equal_its_open_notional()
    {
        await using var db = await TestDatabase.CreateAsync("risk-sigkill", migrate: false);
        var clusterId = $"risk-{Guid.NewGuid():N}";
        // No heartbeats are sent: without the long timeout every cluster would go offline a minute in and refuse all sells.
        string[] fastReconcile = ["--Tenants:ReconcileSeconds=3", "--Clusters:ReconcileSeconds=3", "--Clusters:ReservationLeaseSeconds=40", "--Tenants:ReservationLeaseSeconds=40", "--Clusters:SuspectAfterSeconds=86400"];
        var first = SiloProcess.Start(db.ConnectionString, clusterId, fastReconcile);
        await using var second = SiloProcess.Start(db.ConnectionString, clusterId, fastReconcile);
        SiloProcess? restarted = null;
        try
        {
            await Task.WhenAll(first.WaitReadyAsync(), second.WaitReadyAsync());
            using var client = await ClusterClient.ConnectAsync(db.ConnectionString, clusterId);
            var grains = client.Services.GetRequiredService<IClusterClient>();

            var now = DateTimeOffset.UtcNow;
            var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
            var markets = Enumerable.Range(2, 3).Select(h => new MarketId("chat-70b", hour.AddHours(h)).ToString()).ToArray();
            var providers = new[] { "prov-hn", "prov-gd" };
            var buyers = new[] { "buy-de", "buy-us", "buy-sg" };
            var clusters = new Dictionary<string, string[]>();
            foreach (var provider in providers)
            {
                var created = await grains.GetGrain<ITenantGrain>(provider).Create(new TenantProfile(provider, TenantKind.Provider, provider, "CN"));
                await grains.GetGrain<ITenantGrain>(provider).SetQuota(created.Value!.Quota with { OrdersPerSecond = 10_000, MaxOpenOrders = 1_000_000 });
                clusters[provider] = [$"{provider}-a", $"{provider}-b"];
                foreach (var cluster in clusters[provider])
                {
                    await grains.GetGrain<IClusterGrain>(cluster).Register(new ClusterRegistration(
                        cluster, provider, provider.EndsWith("hn", StringComparison.Ordinal) ? "hainan" : "guangdong", "H100", 8, 2,
                        [new ModelThroughput("chat-70b", TokensPerSecond[cluster])], ["zdr"]));
                }
            }

            foreach (var buyer in buyers)
            {
                var view = await grains.GetGrain<ITenantGrain>(buyer).Create(new TenantProfile(buyer, TenantKind.Buyer, buyer, buyer[^2..].ToUpperInvariant()));
                await grains.GetGrain<ITenantGrain>(buyer).SetQuota(view.Value!.Quota with { CreditLimit = 1_000_000m, OrdersPerSecond = 10_000, MaxOpenOrders = 1_000_000 });
            }

            var acknowledged = new ConcurrentBag<(OrderRequest, string, OrderState)>();
            var unacknowledged = new ConcurrentDictionary<string, int>();
            using var stop = new CancellationTokenSource();
            var producers = Enumerable.Range(0, 6).Select(worker => Task.Run(async () =>
            {
                var random = new Random(worker);
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var market = markets[random.Next(markets.Length)];
                    var sell = worker % 2 == 0;
                    var tenant = sell ? providers[worker % 4 / 2] : buyers[worker % 3];
                    var request = new OrderRequest(tenant, $"w{worker}-{i}", sell ? OrderSide.Sell : OrderSide.Buy, OrderKind.Limit,
                        300_000 + (random.Next(0, 20) * 10_000), 100_000L * random.Next(1, 20), OrderTimeInForce.Gtc, null, false,
                        sell ? new SellerCluster(clusters[tenant][random.Next(2)], "", 0, []) : null,
                        sell ? null : new BuyerConstraints([], 0, []), "");
                    try
                    {
                        var result = await grains.GetGrain<ITenantGrain>(tenant).PlaceOrder(market, request).WaitAsync(TimeSpan.FromSeconds(15));
                        if (result.Order is { } order)
                        {
                            acknowledged.Add((request, market, order));
                        }
                        else
                        {
                            unacknowledged.AddOrUpdate(result.RejectReason?.WireName() ?? "no reason", 1, (_, n) => n + 1);
                        }
                    }
                    catch (Exception ex) when (ex is not OutOfMemoryException)
                    {
                        unacknowledged.AddOrUpdate(ex.GetType().Name, 1, (_, n) => n + 1);
                        await Task.Delay(50);
                    }
                }
            })).ToArray();

            // A stalled phase says what the producers got instead of acknowledgements.
            async Task WaitFor(Func<bool> condition, string what)
            {
                var before = new Dictionary<string, int>(unacknowledged);
                try
                {
                    await Eventually.HoldsAsync(what, TimeSpan.FromSeconds(120), () => Task.FromResult(condition()));
                }
                catch (TimeoutException ex)
                {
                    var during = unacknowledged.Select(u => (u.Key, Count: u.Value - before.GetValueOrDefault(u.Key))).Where(u => u.Count > 0);
                    throw new TimeoutException(
                        $"{ex.Message} Acknowledged {acknowledged.Count}; not acknowledged meanwhile: {string.Join(", ", during.Select(u => $"{u.Key} {u.Count}"))}.", ex);
                }
            }

            await WaitFor(() => acknowledged.Count >= 200, "200 acknowledged orders before the kill");
            first.Kill();
            var before = acknowledged.Count;
            await WaitFor(() => acknowledged.Count >= before + 200, "200 more on the survivor");
            restarted = SiloProcess.Start(db.ConnectionString, clusterId, fastReconcile);
            await restarted.WaitReadyAsync();
            var after = acknowledged.Count;
            await WaitFor(() => acknowledged.Count >= after + 200, "200 more after the restart");
            await stop.CancelAsync();
            await Task.WhenAll(producers);

            // The small clusters really ran out, and no cluster was taken offline under the flow.
            Assert.True(unacknowledged.GetValueOrDefault("capacity-exceeded") > 0, "no sell was refused for capacity");
            Assert.False(unacknowledged.ContainsKey("cluster-offline"), "a cluster went offline during the run");

            var allocations = await JournalVerifier.VerifyAsync(db, markets, [.. acknowledged]);

            // No cluster has more offered plus allocated than it produces in a period. The journals say what holds: open
            // orders live only in their markets, and the order store has only finished ones.
            var journals = new JournalReplay(db, markets);
            var used = (await journals.OrdersAsync()).Where(o => o.Order.Request.Side == OrderSide.Sell)
                .GroupBy(o => (o.Order.Request.Cluster!.ClusterId, o.PeriodStart), o => o.Order.Remaining + o.Order.Filled)
                .Select(g => (Cluster: g.Key.ClusterId, Tokens: g.Sum()))
                .ToList();
            Assert.NotEmpty(used);
            Assert.All(used, u => Assert.True(
                u.Tokens <= TokensPerSecond[u.Cluster] * 3_600, $"{u.Cluster} holds {u.Tokens} tokens in one period; capacity is {TokensPerSecond[u.Cluster] * 3_600}"));

            // Each cluster's view of its periods (offered plus allocated) comes to equal the journals' too.
            foreach (var cluster in clusters.Values.SelectMany(c => c))
            {
                await Eventually.HoldsAsync($"{cluster}'s capacity use to equal the journals", TimeSpan.FromSeconds(90), async () =>
                {
                    var journaled = (await journals.OrdersAsync()).Where(o => o.Order.Request.Cluster?.ClusterId == cluster)
                        .Sum(o => o.Order.Remaining + o.Order.Filled);
                    var view = (await grains.GetGrain<IClusterGrain>(cluster).Get())!;
                    return view.Periods.Sum(p => p.Offered + p.Allocated) == journaled;
                }, TimeSpan.FromSeconds(1));
            }

            // Each buyer's reservations and spend equal its open notional and fills in the journals. Both sides
            // are read afresh each time: a call the client gave up on may still be journaled after the producers stop.
            foreach (var buyer in buyers)
            {
                var last = "";
                try
                {
                    await Eventually.HoldsAsync($"{buyer}'s usage to equal the journals", TimeSpan.FromSeconds(90), async () =>
                    {
                        var orders = (await journals.OrdersAsync()).Select(o => o.Order).Where(o => o.Request.TenantId == buyer).ToList();
                        var open = Math.Round(orders.Sum(o => o.Remaining * (decimal)o.Request.PriceMicros) / 1_000_000_000_000m, 12);
                        var spent = orders.Sum(o => o.FilledNotional);
                        var usage = (await grains.GetGrain<ITenantGrain>(buyer).Get())!.Usage;
                        last = $"journals: {open} reserved, {spent} spent; grain: {usage.Reserved} reserved, {usage.Spent} spent";
                        return usage.Reserved == Money.Normalize(open) && usage.Spent == Money.Normalize(spent);
                    }, TimeSpan.FromSeconds(1));
                }
                catch (TimeoutException ex)
                {
                    throw new TimeoutException($"{ex.Message} Last seen: {last}", ex);
                }
            }

            output.WriteLine($"acknowledged {acknowledged.Count}, allocations {allocations}; not acknowledged: {string.Join(", ", unacknowledged.Select(u => $"{u.Key} {u.Value}"))}");
        }
        finally
        {
            await first.DisposeAsync();
            if (restarted is not null)
            {
                await restarted.DisposeAsync();
            }
        }
    }
}
