using CsCheck;
using Exchange.Matching;

namespace Exchange.Matching.Tests;

/// <summary>
/// Generates scenarios from raw integers, so CsCheck can shrink the integers and the stream length.
/// Most prices sit in a few ticks around level 1,024 (a page boundary of the level tree) so crossing,
/// constraints, self-trade, FOK, post-only, bands, GTD expiry, replace, reduce, cluster cancel and
/// closure fire often; some configurations also spread prices over thousands of ticks, reach the
/// highest level or the next chunk of the tree (level 2^20), jump order ids past the id window
/// (resting orders move to the hash fallback), let timestamps go backwards, and use up to sixteen
/// owners and hundreds of attribute sets (more than one 64-class word; the 1,024-set cap itself is
/// covered by ClassCapacityTests, which the reference book also models).
/// </summary>
internal static class ScenarioGen
{
    private const int Mid = 1_024;
    private const int FarLevel = 1 << 20;

    public static readonly Gen<Scenario> Any =
        Gen.Select(Gen.Int[0, 1_023], Gen.Int[0, int.MaxValue].Array[6].Array[1, 200], Decode);

    /// <summary>Long streams of mostly resting orders with many attribute sets: the class table fills up.</summary>
    public static readonly Gen<Scenario> ManyClasses =
        Gen.Select(Gen.Int[0, 1_023], Gen.Int[0, int.MaxValue].Array[6].Array[300, 700], (bits, raw) => Decode(bits | ManySetsBit | RestingBit, raw));

    private const int ManySetsBit = 256;
    private const int RestingBit = 512;

    private static Scenario Decode(int configBits, int[][] raw)
    {
        long lot = (configBits & 1) == 0 ? 1 : 10;
        long tick = (configBits & 2) == 0 ? 1 : 5;
        bool far = (configBits & 64) != 0;
        var config = new BookConfig
        {
            LotSize = lot,
            TickSize = tick,
            MaxPrice = tick * (far ? FarLevel + 40 : 4_100),
            MaxQuantity = 9 * lot,
            MarketBandTicks = (configBits & 4) == 0 ? null : 2,
            LimitBandTicks = (configBits & 8) == 0 ? null : 4,
            InitialOrderCapacity = 2,
            InitialPriceLevels = (configBits & 16) == 0 ? 4 : 2_000,
        };
        var shape = new Shape(
            Closes: (configBits & 32) != 0,
            Far: far,
            ManyOwners: (configBits & 128) != 0,
            ManySets: (configBits & ManySetsBit) != 0,
            Resting: (configBits & RestingBit) != 0);
        var commands = new List<Command>(raw.Length);
        long time = 0;
        long nextId = 1;
        foreach (int[] r in raw)
        {
            time += r[5] % 3;
            // Now and then a command carries an earlier timestamp than the ones before it.
            long stamp = (r[5] >> 20) % 16 == 0 ? time - ((r[5] >> 2) % 6) : time;
            commands.Add(DecodeOne(r, config, stamp, ref nextId, shape));
        }
        return new Scenario(config, commands);
    }

    private static long Price(int r, BookConfig config, bool far)
    {
        long tick = config.TickSize;
        long maxLevel = config.MaxPrice / tick;
        long level = ((r >> 4) % 16) switch
        {
            < 12 => Mid - 5 + (r % 11),
            < 14 => 1 + (r % 4_000),
            14 when far => FarLevel - 5 + (r % 11),
            14 => Mid - 600 + (r % 11),
            _ => maxLevel - (r % 3),
        };
        long price = tick * level;
        if ((r >> 8) % 25 == 0)
        {
            price += (r >> 12) % 3 == 0 ? -price : 1; // zero or off-tick (valid when tick is 1)
        }
        return price;
    }

    private static Command DecodeOne(int[] r, BookConfig config, long time, ref long nextId, Shape shape)
    {
        long lot = config.LotSize;
        // Half the references hit one of the last few ids (likely still resting), half any id ever used.
        long existing = (r[2] & 1) == 0
            ? Math.Max(1, nextId - 1 - ((r[2] >> 1) % 6))
            : 1 + ((r[2] >> 1) % Math.Max(1, nextId));
        long price = Price(r[2], config, shape.Far);
        long quantity = lot * (1 + (r[3] % 10));
        if ((r[3] >> 8) % 25 == 0)
        {
            quantity = (r[3] >> 12) % 2 == 0 ? 0 : quantity + 1;
        }
        int kind = r[0] % 100;
        if (shape.Resting)
        {
            // Mostly new orders, few removals and no cluster cancels or closure, so the class tables fill up.
            return kind switch
            {
                < 82 => new PlaceCommand(Order(r, time, price, quantity, ref nextId, shape)),
                < 86 => new CancelCommand(existing, time),
                < 89 => new ReduceCommand(existing, lot * (r[3] % 8), time),
                < 94 => new ReplaceCommand(existing, price, quantity, time),
                99 when (r[1] % 10) == 0 => new CancelClusterCommand(1 + (r[1] % 3), time),
                _ => new AdvanceTimeCommand(time + (r[4] % 4)),
            };
        }
        if (kind < 55)
        {
            return new PlaceCommand(Order(r, time, price, quantity, ref nextId, shape));
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
        if (kind == 99 && shape.Closes && (r[1] % 3) == 0)
        {
            return new CloseCommand(time);
        }
        return new AdvanceTimeCommand(time + (r[4] % 4));
    }

    private static PlaceOrder Order(int[] r, long time, long price, long quantity, ref long nextId, Shape shape)
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
        if (shape.Resting && !market && tifRoll < 9)
        {
            tif = tifRoll < 8 ? TimeInForce.Gtc : TimeInForce.Gtd;
        }
        if ((bits >> 9) % 40 == 0)
        {
            tif = (TimeInForce)((bits >> 15) % 5); // sometimes invalid for the order type, or undefined
        }
        bool postOnly = (bits >> 12) % 6 == 0;
        int idRoll = (r[0] / 100) % 40;
        long id;
        if (idRoll == 0)
        {
            id = (r[0] / 4_000) % (nextId + 1); // an id already used (or 0): duplicate
        }
        else if (idRoll == 1)
        {
            nextId += 1 + ((r[0] / 4_000) % 9_000); // a gap that can slide the id window past resting orders
            id = nextId++;
        }
        else
        {
            id = nextId++;
        }
        int c = r[4];
        int k = r[5];
        var cluster = shape.ManySets
            ? new ClusterAttributes(1 + ((c >> 6) % 3), (byte)(c % 32), (byte)((c >> 5) % 4), (ushort)((c >> 7) % 16))
            : new ClusterAttributes(1 + ((c >> 6) % 3), (byte)(c % 3), (byte)((c >> 2) % 4), (ushort)((c >> 4) % 4));
        var constraints = (k % 3) == 0
            ? default
            : shape.ManySets
                ? new BidConstraints((uint)((k >> 2) % 64) << (k % 27), (byte)((k >> 8) % 4), (ushort)((k >> 10) % 16))
                : new BidConstraints((uint)((k >> 2) % 8), (byte)((k >> 5) % 4), (ushort)((k >> 7) % 4));
        return new PlaceOrder
        {
            Id = id,
            Owner = 1 + ((r[3] >> 4) % (shape.ManyOwners ? 16 : 4)),
            Side = (shape.Resting ? (bits & 3) == 0 : (bits & 1) == 0) ? Side.Buy : Side.Sell,
            Type = market ? OrderType.Market : OrderType.Limit,
            Price = market ? 0 : price,
            Quantity = quantity,
            TimeInForce = tif,
            ExpiresAt = time + ((k >> 9) % 24) - 2,
            PostOnly = postOnly,
            Timestamp = time,
            Cluster = cluster,
            Constraints = constraints,
        };
    }

    private readonly record struct Shape(bool Closes, bool Far, bool ManyOwners, bool ManySets, bool Resting);
}
