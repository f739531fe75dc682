using CsCheck;
using Exchange.Matching;

namespace Exchange.Matching.Tests;

/// <summary>
/// Generates scenarios from raw integers, so CsCheck can shrink the integers and the stream length.
/// Small price ranges, four owners, three clusters and regions make every rule fire often: crossing,
/// constraints, self-trade, FOK, post-only, bands, GTD expiry, replace, reduce, cluster cancel, closure.
/// </summary>
internal static class ScenarioGen
{
    public static readonly Gen<Scenario> Any =
        Gen.Select(Gen.Int[0, 63], Gen.Int[0, int.MaxValue].Array[6].Array[1, 160], Decode);

    private static Scenario Decode(int configBits, int[][] raw)
    {
        long lot = (configBits & 1) == 0 ? 1 : 10;
        long tick = (configBits & 2) == 0 ? 1 : 5;
        var config = new BookConfig
        {
            LotSize = lot,
            TickSize = tick,
            MaxPrice = 104 * tick,
            MaxQuantity = 9 * lot,
            MarketBandTicks = (configBits & 4) == 0 ? null : 2,
            LimitBandTicks = (configBits & 8) == 0 ? null : 4,
            InitialOrderCapacity = 2,
            InitialPriceLevels = (configBits & 16) == 0 ? 4 : 2_000,
        };
        bool closes = (configBits & 32) != 0;
        var commands = new List<Command>(raw.Length);
        long time = 0;
        long nextId = 1;
        foreach (int[] r in raw)
        {
            time += r[5] % 3;
            commands.Add(DecodeOne(r, config, time, ref nextId, closes));
        }
        return new Scenario(config, commands);
    }

    private static Command DecodeOne(int[] r, BookConfig config, long time, ref long nextId, bool closes)
    {
        long lot = config.LotSize;
        long tick = config.TickSize;
        // Half the references hit one of the last few ids (likely still resting), half any id ever used.
        long existing = (r[2] & 1) == 0
            ? Math.Max(1, nextId - 1 - ((r[2] >> 1) % 6))
            : 1 + ((r[2] >> 1) % Math.Max(1, nextId));
        long price = tick * (95 + (r[2] % 11));
        if ((r[2] >> 8) % 25 == 0)
        {
            price += (r[2] >> 12) % 3 == 0 ? -price : 1; // zero or off-tick (valid when tick is 1)
        }
        long quantity = lot * (1 + (r[3] % 10));
        if ((r[3] >> 8) % 25 == 0)
        {
            quantity = (r[3] >> 12) % 2 == 0 ? 0 : quantity + 1;
        }
        int kind = r[0] % 100;
        if (kind < 55)
        {
            return new PlaceCommand(Order(r, time, price, quantity, ref nextId));
        }
        if (kind < 72)
        {
            return new CancelCommand(existing, time);
        }
        if (kind < 80)
        {
            return new ReduceCommand(existing, lot * (r[3] % 8), time);
        }
        if (kind < 91)
        {
            return new ReplaceCommand(existing, price, quantity, time);
        }
        if (kind < 93)
        {
            return new CancelClusterCommand(1 + (r[1] % 3), time);
        }
        if (kind == 99 && closes && (r[1] % 3) == 0)
        {
            return new CloseCommand(time);
        }
        return new AdvanceTimeCommand(time + (r[4] % 4));
    }

    private static PlaceOrder Order(int[] r, long time, long price, long quantity, ref long nextId)
    {
        int bits = r[1];
        bool market = (bits >> 1) % 9 == 0;
        int tifRoll = (bits >> 5) % 10;
        var tif = market
            ? (tifRoll < 3 ? TimeInForce.Fok : TimeInForce.Ioc)
            : tifRoll switch
            {
                < 6 => TimeInForce.Gtc,
                < 7 => TimeInForce.Gtd,
                < 9 => TimeInForce.Ioc,
                _ => TimeInForce.Fok,
            };
        if ((bits >> 9) % 40 == 0)
        {
            tif = (TimeInForce)((bits >> 15) % 5); // sometimes invalid for the order type, or undefined
        }
        bool postOnly = (bits >> 12) % 6 == 0;
        long id = (r[0] / 100) % 30 == 0 ? (r[0] / 3_000) % (nextId + 1) : nextId++;
        int c = r[4];
        int k = r[5];
        return new PlaceOrder
        {
            Id = id,
            Owner = 1 + ((r[3] >> 4) % 4),
            Side = (bits & 1) == 0 ? Side.Buy : Side.Sell,
            Type = market ? OrderType.Market : OrderType.Limit,
            Price = market ? 0 : price,
            Quantity = quantity,
            TimeInForce = tif,
            ExpiresAt = time + ((k >> 9) % 24),
            PostOnly = postOnly,
            Timestamp = time,
            Cluster = new ClusterAttributes(1 + ((c >> 6) % 3), (byte)(c % 3), (byte)((c >> 2) % 4), (ushort)((c >> 4) % 4)),
            Constraints = (k % 3) == 0
                ? default
                : new BidConstraints((uint)((k >> 2) % 8), (byte)((k >> 5) % 4), (ushort)((k >> 7) % 4)),
        };
    }
}
