using System.Runtime.CompilerServices;
using Exchange.Matching;

namespace Exchange.Benchmarks;

/// <summary>Drives an order book with workload commands: lot 1, tick 1, no bands, every order its own owner.</summary>
public static class WorkloadRunner
{
    private static readonly Dictionary<WorkloadCommand[], int> _peakDepth = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// A book sized for this workload (highest price, deepest book seen in an untimed dry run), as a
    /// market would be configured for its expected depth; the timed passes then never grow an array.
    /// </summary>
    public static OrderBook NewBook(WorkloadCommand[] commands)
    {
        long maxPrice = 1;
        foreach (var c in commands)
        {
            maxPrice = Math.Max(maxPrice, c.Price);
        }
        var config = BookConfig.Workload with
        {
            MaxPrice = Math.Max(maxPrice * 2, 1_000),
            InitialPriceLevels = (int)Math.Max(maxPrice * 2, 1_000) + 1,
        };
        if (!_peakDepth.TryGetValue(commands, out int peak))
        {
            var dry = new OrderBook(config);
            var sink = new TradeCounter();
            for (int i = 0; i < commands.Length; i++)
            {
                Apply(dry, in commands[i], ref sink);
                peak = Math.Max(peak, dry.OrderCount);
            }
            _peakDepth.Add(commands, peak);
        }
        return new OrderBook(config with { InitialOrderCapacity = Math.Max(peak + (peak / 8), 1_024) });
    }



    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Apply<TSink>(OrderBook book, in WorkloadCommand c, ref TSink sink)
        where TSink : struct, IBookEvents
    {
        switch (c.Kind)
        {
            case WorkloadKind.Limit:
                // Owner = id keeps self-trade prevention out of the workload's semantics.
                book.Place(PlaceOrder.Limit(c.Id, (int)c.Id, c.Side, c.Price, c.Quantity), ref sink);
                break;
            case WorkloadKind.Market:
                book.Place(PlaceOrder.Market(c.Id, (int)c.Id, c.Side, c.Quantity), ref sink);
                break;
            default:
                book.Cancel(c.Id, 0, ref sink);
                break;
        }
    }

    public static void Run<TSink>(OrderBook book, WorkloadCommand[] commands, int from, int to, ref TSink sink)
        where TSink : struct, IBookEvents
    {
        for (int i = from; i < to; i++)
        {
            Apply(book, in commands[i], ref sink);
        }
    }
}
