using System.Diagnostics;
using System.Globalization;
using Exchange.Matching;

namespace Exchange.Benchmarks;

/// <summary>Managed heap held by a book of N resting orders (half bids, half asks over ±5,000 ticks), grown from a default config.</summary>
public static class MemoryHarness
{
    public static int Run(int orders, TextWriter output)
    {
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var book = new OrderBook(new BookConfig { MaxPrice = 1_000_000 });
        var sink = new NullSink();
        for (int i = 0; i < orders; i++)
        {
            var side = (i & 1) == 0 ? Side.Buy : Side.Sell;
            long offset = 1 + (i % 5_000);
            book.Place(PlaceOrder.Limit(i + 1, i + 1, side, side == Side.Buy ? 100_000 - offset : 100_000 + offset, 10), ref sink);
        }
        long after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(book);
        long workingSet = Process.GetCurrentProcess().WorkingSet64;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"MEMORY orders={book.OrderCount} managed_bytes={after - before} managed_mb={(after - before) / 1_048_576.0:F1} bytes_per_order={(after - before) / Math.Max(1, orders)} working_set_mb={workingSet / 1_048_576.0:F1}"));
        return 0;
    }
}
