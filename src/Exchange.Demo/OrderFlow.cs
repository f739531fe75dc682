using System.Globalization;
using Exchange.ApiClient.Generated.Models;

namespace Exchange.Demo;

/// <summary>
/// Prices and sizes of demo orders. Providers price capacity delivered at night in China (UTC+8) lower, when their
/// clusters would otherwise idle; buyers trade mostly in their own daytime and bid around the model's base price.
/// </summary>
public static class OrderFlow
{
    private const long Lot = 1_000;

    /// <summary>Whether the buyer is in its working day (08:00–20:00 local) at <paramref name="now"/>.</summary>
    public static bool IsDaytime(DemoBuyer buyer, DateTimeOffset now) => now.ToOffset(TimeSpan.FromHours(buyer.UtcOffsetHours)).Hour is >= 8 and < 20;

    public static CreateOrderRequest Ask(Random random, string clientOrderId, string marketId, DemoCluster cluster, DateTimeOffset periodStart)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(cluster);
        var model = ModelOf(marketId);
        var chinaHour = periodStart.ToOffset(TimeSpan.FromHours(8)).Hour;
        var nightDiscount = chinaHour < 7 ? 0.7m : 1.0m;
        var price = DemoCast.BasePrice(model) * nightDiscount * (1.0m + (decimal)random.NextDouble() * 0.2m);
        return new CreateOrderRequest
        {
            ClientOrderId = clientOrderId,
            MarketId = marketId,
            Side = "sell",
            Price = Tick(price),
            Quantity = Lot * random.Next(200, 4_000),
            ClusterId = cluster.ClusterId,

            // Some capacity is held back for failover: if unsold at the gate, it stands by during delivery (docs/failover.md).
            Reserve = random.Next(4) == 0 ? true : null,
        };
    }

    public static CreateOrderRequest Bid(Random random, string clientOrderId, string marketId, DemoBuyer buyer)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(buyer);
        var price = DemoCast.BasePrice(ModelOf(marketId)) * (0.8m + (decimal)random.NextDouble() * 0.35m);
        return new CreateOrderRequest
        {
            ClientOrderId = clientOrderId,
            MarketId = marketId,
            Side = "buy",
            Price = Tick(price),
            Quantity = Lot * random.Next(50, 2_000),
            TimeInForce = random.Next(10) == 0 ? "IOC" : "GTC",
            Constraints = buyer.Constraints,

            // Most buyers accept a dearer replacement if their cluster fails; the rest take the order's own price.
            Failover = random.Next(3) == 0 ? null : new FailoverRequest { MaxPrice = Tick(price * 1.3m) },
        };
    }

    public static string ModelOf(string marketId) => marketId[..marketId.LastIndexOf('.')];

    public static DateTimeOffset PeriodOf(string marketId) =>
        DateTimeOffset.ParseExact(marketId[(marketId.LastIndexOf('.') + 1)..], "yyyyMMdd'T'HHmm", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    // Prices quote in whole cents per million tokens (the markets' tick).
    private static string Tick(decimal price) => Math.Max(0.01m, Math.Round(price, 2)).ToString("0.00", CultureInfo.InvariantCulture);
}
