using BenchmarkDotNet.Attributes;
using Exchange.Matching;

namespace Exchange.Benchmarks;

/// <summary>Adding a passive order and cancelling it again, on a shallow and on a 100k-order book.</summary>
[MemoryDiagnoser]
public class AddCancelBenchmarks
{
    private OrderBook _shallow = null!;
    private OrderBook _deep = null!;
    private NullSink _sink;
    private long _nextId;

    [GlobalSetup]
    public void Setup()
    {
        _shallow = Filled(1_000);
        _deep = Filled(100_000);
        _nextId = 10_000_000;
    }

    [Benchmark(Baseline = true)]
    public void AddThenCancelOnShallowBook() => AddThenCancel(_shallow);

    [Benchmark]
    public void AddThenCancelOnDeepBook() => AddThenCancel(_deep);

    private void AddThenCancel(OrderBook book)
    {
        long id = _nextId++;
        book.Place(PlaceOrder.Limit(id, 1, Side.Buy, 9_000 + (id & 511), 10), ref _sink);
        book.Cancel(id, 0, ref _sink);
    }

    private static OrderBook Filled(int orders)
    {
        var book = new OrderBook(new BookConfig { MaxPrice = 100_000, InitialPriceLevels = 100_001, InitialOrderCapacity = orders * 2 });
        var sink = new NullSink();
        for (int i = 0; i < orders; i++)
        {
            var side = (i & 1) == 0 ? Side.Buy : Side.Sell;
            long price = side == Side.Buy ? 9_999 - (i % 2_000) : 10_001 + (i % 2_000);
            book.Place(PlaceOrder.Limit(i + 1, i + 1, side, price, 10), ref sink);
        }
        return book;
    }
}
