using BenchmarkDotNet.Attributes;
using Exchange.Matching;

namespace Exchange.Benchmarks;

/// <summary>An ask rests and a bid takes it: against one order, and sweeping five price levels.</summary>
[MemoryDiagnoser]
public class MatchBenchmarks
{
    private OrderBook _book = null!;
    private NullSink _sink;
    private long _nextId;

    [GlobalSetup]
    public void Setup()
    {
        _book = new OrderBook(new BookConfig { MaxPrice = 100_000, InitialPriceLevels = 100_001 });
        _nextId = 1;
    }

    [Benchmark(Baseline = true)]
    public void RestThenFullyMatch()
    {
        long ask = _nextId++;
        _book.Place(PlaceOrder.Limit(ask, 1, Side.Sell, 10_000, 10), ref _sink);
        _book.Place(PlaceOrder.Limit(_nextId++, 2, Side.Buy, 10_000, 10), ref _sink);
    }

    [Benchmark]
    public void RestFiveLevelsThenSweep()
    {
        for (int i = 0; i < 5; i++)
        {
            _book.Place(PlaceOrder.Limit(_nextId++, 1, Side.Sell, 10_000 + i, 10), ref _sink);
        }
        _book.Place(PlaceOrder.Market(_nextId++, 2, Side.Buy, 50), ref _sink);
    }
}
