using System.Collections.Concurrent;
using Exchange.Contracts.Markets;
using Exchange.Grains.Markets;
using Exchange.Markets;
using Exchange.Storage.Journal;
using Exchange.Storage.Ledger;
using Exchange.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Exchange.Silo.Tests;

public sealed class SigkillDurabilityTests(ITestOutputHelper output)
{
    private const string Unchecked = "--Markets:AcceptUncheckedOrders=true";

    private sealed record Acknowledged(OrderRequest Request, string MarketId, OrderState Order);

    private sealed record Unacknowledged(OrderRequest Request, string MarketId);

    [Fact]
    public async Task Nothing_acknowledged_is_lost_and_nothing_is_allocated_twice_when_a_silo_is_killed_mid_stream()
    {
        await using var db = await TestDatabase.CreateAsync("sigkill", migrate: false);
        var clusterId = $"sigkill-{Guid.NewGuid():N}";
        // The orders go to the markets directly, past tenant and cluster grains: only a silo told to accept that takes them.
        var first = SiloProcess.Start(db.ConnectionString, clusterId, Unchecked);
        await using var second = SiloProcess.Start(db.ConnectionString, clusterId, Unchecked);
        SiloProcess? restarted = null;
        try
        {
            await Task.WhenAll(first.WaitReadyAsync(), second.WaitReadyAsync());
            using var client = await ClusterClient.ConnectAsync(db.ConnectionString, clusterId);
            var grains = client.Services.GetRequiredService<IClusterClient>();

            var nextHour = DateTimeOffset.UtcNow.AddHours(10);
            var periodStart = new DateTimeOffset(nextHour.Year, nextHour.Month, nextHour.Day, nextHour.Hour, 0, 0, TimeSpan.Zero);
            var markets = Enumerable.Range(0, 6).Select(i => new MarketId("chat-70b", periodStart.AddHours(i)).ToString()).ToArray();
            var acknowledged = new ConcurrentBag<Acknowledged>();
            var unacknowledged = new ConcurrentBag<Unacknowledged>();
            using var stop = new CancellationTokenSource();

            var producers = Enumerable.Range(0, 6)
                .Select(worker => Task.Run(() => ProduceAsync(grains, markets, worker, acknowledged, unacknowledged, stop.Token)))
                .ToArray();

            await WaitForAsync(() => acknowledged.Count >= 300, "300 acknowledged orders before the kill");
            first.Kill();
            var beforeRestart = acknowledged.Count;
            await WaitForAsync(() => acknowledged.Count >= beforeRestart + 300, "300 more acknowledged orders on the survivor");
            restarted = SiloProcess.Start(db.ConnectionString, clusterId, Unchecked);
            await restarted.WaitReadyAsync();
            var afterRestart = acknowledged.Count;
            await WaitForAsync(() => acknowledged.Count >= afterRestart + 300, "300 more acknowledged orders after the restart");
            await stop.CancelAsync();
            await Task.WhenAll(producers);

            // A client retries what it never saw acknowledged; the same client order id never makes a second order.
            foreach (var lost in unacknowledged)
            {
                var retry = await grains.GetGrain<IMarketGrain>(lost.MarketId).Place(lost.Request);
                if (retry.Order is not null)
                {
                    acknowledged.Add(new Acknowledged(lost.Request, lost.MarketId, retry.Order));
                }
            }

            foreach (var ack in acknowledged.Take(200))
            {
                var again = await grains.GetGrain<IMarketGrain>(ack.MarketId).Place(ack.Request);
                Assert.True(again.Repeated, $"retry of {ack.Request.ClientOrderId} was not recognised");
                Assert.Equal(ack.Order.OrderId, again.Order!.OrderId);
            }

            var allocations = await JournalVerifier.VerifyAsync(db, markets, acknowledged.Select(a => (a.Request, a.MarketId, a.Order)).ToList());
            output.WriteLine($"acknowledged {acknowledged.Count}, unacknowledged at first {unacknowledged.Count}, allocations {allocations}");
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

    private static async Task ProduceAsync(
        IClusterClient grains, string[] markets, int worker,
        ConcurrentBag<Acknowledged> acknowledged, ConcurrentBag<Unacknowledged> unacknowledged, CancellationToken stop)
    {
        var random = new Random(worker);
        string[] providers = ["p-hn", "p-gd"];
        string[] buyers = ["b-de", "b-us", "b-sg"];
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var marketId = markets[random.Next(markets.Length)];
            var price = 300_000 + (random.Next(0, 20) * 10_000);
            var quantity = 1_000L * random.Next(1, 20);
            var sell = random.Next(2) == 0;
            var request = sell
                ? new OrderRequest(providers[random.Next(2)], $"w{worker}-{i}", OrderSide.Sell, OrderKind.Limit, price, quantity,
                    OrderTimeInForce.Gtc, null, false, new SellerCluster($"cl-{random.Next(4)}", random.Next(2) == 0 ? "hainan" : "guangdong", 2, ["zdr"]), null, "CN")
                : new OrderRequest(buyers[random.Next(3)], $"w{worker}-{i}", OrderSide.Buy, OrderKind.Limit, price, quantity,
                    random.Next(5) == 0 ? OrderTimeInForce.Ioc : OrderTimeInForce.Gtc, null, false, null,
                    new BuyerConstraints(random.Next(3) == 0 ? ["guangdong"] : [], 0, []), "DE");
            try
            {
                var result = await grains.GetGrain<IMarketGrain>(marketId).Place(request).WaitAsync(TimeSpan.FromSeconds(15), CancellationToken.None);
                if (result.Order is not null)
                {
                    acknowledged.Add(new Acknowledged(request, marketId, result.Order));
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                unacknowledged.Add(new Unacknowledged(request, marketId));
                await Task.Delay(50, CancellationToken.None);
            }
        }
    }

    private static Task WaitForAsync(Func<bool> condition, string what) =>
        Eventually.HoldsAsync(what, TimeSpan.FromSeconds(120), () => Task.FromResult(condition()));
}
