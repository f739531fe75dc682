using BenchmarkDotNet.Attributes;
using Exchange.Matching;

namespace Exchange.Benchmarks;

/// <summary>
/// A bid against 100k resting asks of which half come from a region the bid excludes, plus a
/// compatible ask that replenishes what it took, so the book stays the same size.
/// </summary>
[MemoryDiagnoser]
public class ConstrainedMatchBenchmarks
{
    private OrderBook _book = null!;
    private NullSink _sink;
    private long _nextId;

    [GlobalSetup]
    public void Setup()
    {
        _book = ConstrainedWorkload.NewBook(100_000);
        _nextId = 1_000_000;
    }

    [Benchmark(Baseline = true)]
    public void UnconstrainedBidAndReplenish() => BidAndReplenish(BidConstraints.None);

    [Benchmark]
    public void ConstrainedBidAndReplenish() => BidAndReplenish(ConstrainedWorkload.BuyerConstraints);

    private void BidAndReplenish(BidConstraints constraints)
    {
        long id = _nextId++;
        var bid = PlaceOrder.Limit(id, 3_000_000, Side.Buy, ConstrainedWorkload.BasePrice + ConstrainedWorkload.PriceLevels, 10) with
        {
            TimeInForce = TimeInForce.Ioc,
            Constraints = constraints,
        };
        _book.Place(in bid, ref _sink);
        var ask = PlaceOrder.Limit(_nextId++, 5, Side.Sell, ConstrainedWorkload.BasePrice + (id % ConstrainedWorkload.PriceLevels), 10) with
        {
            Cluster = (id & 1) == 0 || constraints != BidConstraints.None ? ConstrainedWorkload.Compatible : ConstrainedWorkload.Incompatible,
        };
        _book.Place(in ask, ref _sink);
    }
}
