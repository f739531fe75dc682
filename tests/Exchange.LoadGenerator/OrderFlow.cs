using Exchange.Contracts.Markets;
using Exchange.Markets;

namespace Exchange.LoadGenerator;

/// <summary>A realistic mix: providers post asks from clusters in both regions, buyers bid with and without region constraints.</summary>
internal static class OrderFlow
{
    private static readonly string[] Regions = ["hainan", "guangdong"];
    private static readonly string[] Jurisdictions = ["DE", "US", "SG", "JP", "GB"];

    public static OrderRequest Next(Random random, string run, int worker, int sequence, int tenant, bool seller)
    {
        var price = 300_000 + (random.Next(0, 40) * 10_000);
        var quantity = 1_000L * random.Next(1, 50);
        var clientOrderId = $"{run}-{worker}-{sequence}";
        if (seller)
        {
            var region = Regions[tenant % 2];
            return new OrderRequest($"provider-{tenant}", clientOrderId, OrderSide.Sell, OrderKind.Limit, price + 50_000, quantity,
                OrderTimeInForce.Gtc, null, false, new SellerCluster($"{region}-{tenant}", region, 1 + (tenant % 3), ["zdr"]), null, "CN");
        }

        string[] regions = random.Next(4) == 0 ? [Regions[random.Next(2)]] : [];
        return new OrderRequest($"buyer-{tenant}", clientOrderId, OrderSide.Buy, OrderKind.Limit, price, quantity,
            random.Next(5) == 0 ? OrderTimeInForce.Ioc : OrderTimeInForce.Gtc, null, false, null,
            new BuyerConstraints(regions, 0, []), Jurisdictions[tenant % Jurisdictions.Length]);
    }
}
