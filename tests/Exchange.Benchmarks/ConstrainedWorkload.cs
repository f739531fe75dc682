using Exchange.Matching;

namespace Exchange.Benchmarks;

/// <summary>
/// A book of resting asks over 100 price levels, half of them from clusters in a region the incoming
/// bids exclude, and a command stream alternating constrained IOC bids that sweep the compatible asks
/// and compatible asks that replenish them. Deterministic (a fixed LCG).
/// With two attribute classes (the original layout) the compatible and incompatible asks sit on
/// alternate price levels, the easy case: a level holds one class. With more classes (e.g. 32: 16
/// compatible, 16 not, distinct policy sets) every level holds every class, interleaved in time, so
/// each fill picks the oldest head across 16 compatible queues and steps over the incompatible ones.
/// </summary>
public static class ConstrainedWorkload
{
    public const long BasePrice = 10_001;
    public const int PriceLevels = 100;
    private const int BuyerOwner = 2_000_000;

    public static BookConfig Config { get; } = BookConfig.Workload with
    {
        MaxPrice = 20_000,
        InitialPriceLevels = 20_001,
        InitialOrderCapacity = 1 << 18,
    };

    public static BidConstraints BuyerConstraints { get; } = new(AllowedRegions: 1u << 0, MinTier: 1, RequiredPolicies: 1);

    public static ClusterAttributes Compatible { get; } = new(ClusterId: 7, Region: 0, Tier: 2, Policies: 3);

    public static ClusterAttributes Incompatible { get; } = new(ClusterId: 8, Region: 1, Tier: 2, Policies: 3);

    /// <summary>Ask attribute set <paramref name="j"/> of <paramref name="classes"/>: odd ones are compatible with the bids.</summary>
    public static ClusterAttributes AskSet(int j, int classes)
    {
        if (classes <= 2)
        {
            return (j & 1) == 0 ? Incompatible : Compatible;
        }
        var policies = (ushort)(1 | (j << 1));
        return (j & 1) == 0 ? new ClusterAttributes(7 + j, 1, 2, policies) : new ClusterAttributes(7 + j, 0, 2, policies);
    }

    /// <summary>A fresh book holding <paramref name="resting"/> asks in <paramref name="classes"/> attribute sets, half of them incompatible with the bids.</summary>
    public static OrderBook NewBook(int resting, int classes = 2)
    {
        var book = new OrderBook(Config);
        var sink = new TradeCounter();
        for (int i = 0; i < resting; i++)
        {
            long level = classes <= 2 ? i % PriceLevels : (i / classes) % PriceLevels;
            var order = PlaceOrder.Limit(i + 1, 1 + (i % 1_000), Side.Sell, BasePrice + level, 10) with
            {
                Cluster = AskSet(i % Math.Max(classes, 2), classes),
            };
            book.Place(in order, ref sink);
        }
        return book;
    }

    public static PlaceOrder[] Commands(int resting, int count, int classes = 2)
    {
        var commands = new PlaceOrder[count];
        ulong state = 0x2545F4914F6CDD1DUL;
        long id = resting + 1;
        for (int i = 0; i < count; i += 2)
        {
            state = (state * 6364136223846793005UL) + 1442695040888963407UL;
            long quantity = 1 + (long)((state >> 33) % 20);
            long price = BasePrice + (long)((state >> 40) % PriceLevels);
            commands[i] = new PlaceOrder
            {
                Id = id++,
                Owner = BuyerOwner,
                Side = Side.Buy,
                Price = BasePrice + PriceLevels,
                Quantity = quantity,
                TimeInForce = TimeInForce.Ioc,
                Constraints = BuyerConstraints,
            };
            if (i + 1 < count)
            {
                int set = classes <= 2 ? 1 : 1 + (2 * (int)((state >> 20) % (ulong)(classes / 2)));
                commands[i + 1] = PlaceOrder.Limit(id, (int)(id % 1_000) + 1, Side.Sell, price, quantity) with { Cluster = AskSet(set, classes) };
                id++;
            }
        }
        return commands;
    }
}
