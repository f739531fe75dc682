using Exchange.Contracts.Markets;
using Exchange.Grains.Markets;
using Exchange.Markets;

namespace Exchange.Grains.Tests.Markets;

/// <summary>Builders for markets, orders and command streams used across the market tests.</summary>
internal static class MarketFixtures
{
    public static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static MarketOptions Options { get; } = new();

    public static AttributeCatalog Attributes { get; } = new(["hainan", "guangdong"], ["zdr", "no-training"]);

    /// <summary>A fresh market id whose period starts <paramref name="hoursAhead"/> hours after <see cref="Start"/>.</summary>
    public static string NewMarketId(int hoursAhead = 5) =>
        new MarketId($"t{Guid.NewGuid():N}"[..12], Start.AddHours(hoursAhead)).ToString();

    public static MarketCore NewCore(string? marketId = null) => new(marketId ?? NewMarketId(), ConfiguredRules.Of(Options, Attributes));

    public static OrderRequest Ask(string provider, string clientOrderId, decimal price, long quantity,
        string cluster = "hn-1", string region = "hainan", int tier = 2, params string[] policies) =>
        new(provider, clientOrderId, OrderSide.Sell, OrderKind.Limit, Micros(price), quantity, OrderTimeInForce.Gtc,
            null, false, new SellerCluster(cluster, region, tier, policies), null, "CN");

    public static OrderRequest Bid(string buyer, string clientOrderId, decimal price, long quantity,
        string jurisdiction = "DE", string[]? regions = null, int minTier = 0, string[]? policies = null,
        OrderTimeInForce tif = OrderTimeInForce.Gtc, DateTimeOffset? expiresAt = null) =>
        new(buyer, clientOrderId, OrderSide.Buy, OrderKind.Limit, Micros(price), quantity, tif, expiresAt, false, null,
            new BuyerConstraints(regions ?? [], minTier, policies ?? []), jurisdiction);

    public static long Micros(decimal dollarsPerMillion) => (long)(dollarsPerMillion * 1_000_000m);

    /// <summary>A seeded stream of every command kind, with constraints, self-trades and reductions.</summary>
    public static List<MarketCommand> RandomCommands(int seed, int count)
    {
        var random = new Random(seed);
        var commands = new List<MarketCommand>();
        var placed = 0L;
        string[] tenants = ["p-hn", "p-gd", "b-de", "b-us", "b-sg"];
        for (var i = 0; i < count; i++)
        {
            var timestamp = Start.ToUnixTimeMilliseconds() + (i * 10);
            var roll = random.Next(100);
            if (roll < 65 || placed == 0)
            {
                var price = 0.30m + (random.Next(0, 20) * 0.01m);
                var quantity = 1_000L * random.Next(1, 20);
                var tif = random.Next(10) switch { 0 => OrderTimeInForce.Ioc, 1 => OrderTimeInForce.Fok, 2 => OrderTimeInForce.Gtd, _ => OrderTimeInForce.Gtc };
                var expiresAt = tif == OrderTimeInForce.Gtd ? DateTimeOffset.FromUnixTimeMilliseconds(timestamp + (random.Next(1, 200) * 10)) : (DateTimeOffset?)null;
                var request = random.Next(2) == 0
                    ? Ask(tenants[random.Next(2)], $"c{i}", price, quantity,
                        cluster: random.Next(2) == 0 ? "hn-1" : "gd-1", region: random.Next(2) == 0 ? "hainan" : "guangdong",
                        tier: random.Next(1, 4), policies: random.Next(2) == 0 ? ["zdr"] : [])
                    : Bid(tenants[random.Next(1, 5)], $"c{i}", price, quantity, tif: tif, expiresAt: expiresAt,
                        regions: random.Next(3) == 0 ? ["guangdong"] : [], minTier: random.Next(0, 3),
                        policies: random.Next(4) == 0 ? ["zdr"] : []);
                commands.Add(new PlaceCommand(timestamp, request));
                placed = commands.Count;
            }
            else if (roll < 85)
            {
                commands.Add(new CancelCommand(timestamp, random.Next(1, commands.Count + 1)));
            }
            else if (roll < 95)
            {
                commands.Add(new ReduceCommand(timestamp, random.Next(1, commands.Count + 1), 1_000L * random.Next(1, 10)));
            }
            else if (roll < 98)
            {
                commands.Add(new CancelClusterCommand(timestamp, random.Next(2) == 0 ? "hn-1" : "gd-1"));
            }
            else
            {
                commands.Add(new TickCommand(timestamp));
            }
        }

        return commands;
    }
}
