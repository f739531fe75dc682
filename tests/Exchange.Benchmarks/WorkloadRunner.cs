using System.Runtime.CompilerServices;
using Exchange.Matching;

namespace Exchange.Benchmarks;

/// <summary>Drives an order book with workload commands: lot 1, tick 1, no bands, every order its own owner.</summary>
public static class WorkloadRunner
{
    /// <summary>
    /// Resting orders a workload book makes room for up front: a fixed market setting, the same for
    /// every file (the deep workload peaks below it; the standard one far below). Not derived from the
    /// workload: a deeper file simply grows the book during the run, and that growth is measured.
    /// </summary>
    public const int DefaultCapacity = 1 << 17;

    /// <summary>
    /// A workload book (<see cref="BookConfig.Workload"/>: lot 1, tick 1, no bands) with room for
    /// <paramref name="capacity"/> resting orders; 0 keeps the configuration default (1,024, grown on demand).
    /// </summary>
    public static OrderBook NewBook(int capacity) =>
        new(capacity > 0 ? BookConfig.Workload with { InitialOrderCapacity = capacity } : BookConfig.Workload);

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
