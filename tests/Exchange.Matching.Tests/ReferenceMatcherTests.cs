using Exchange.Benchmarks.Workloads;

namespace Exchange.Matching.Tests;

/// <summary>The oracle's own rules, on books small enough to check by eye.</summary>
public sealed class ReferenceMatcherTests
{
    [Fact]
    public void The_best_price_trades_first_and_at_the_makers_price()
    {
        var (matcher, trades) = NewMatcher();
        matcher.Limit(1, Side.Sell, 102, 5);
        matcher.Limit(2, Side.Sell, 101, 5);
        matcher.Limit(3, Side.Buy, 105, 7);
        Assert.Equal([new(2, 3, 101, 5), new(1, 3, 102, 2)], trades);
    }

    [Fact]
    public void At_one_price_the_earlier_order_trades_first()
    {
        var (matcher, trades) = NewMatcher();
        matcher.Limit(1, Side.Buy, 100, 3);
        matcher.Limit(2, Side.Buy, 100, 3);
        matcher.Limit(3, Side.Sell, 100, 4);
        Assert.Equal([new(1, 3, 100, 3), new(2, 3, 100, 1)], trades);
    }

    [Fact]
    public void A_limit_order_rests_what_it_cannot_fill_and_a_market_order_drops_it()
    {
        var (matcher, trades) = NewMatcher();
        Assert.True(matcher.Limit(1, Side.Sell, 100, 2));
        Assert.True(matcher.Limit(2, Side.Buy, 99, 1));
        matcher.Market(3, Side.Buy, 5);
        Assert.Equal([new(1, 3, 100, 2)], trades);
        Assert.Null(matcher.BestPrice(Side.Sell));
        Assert.Equal(99, matcher.BestPrice(Side.Buy));
        Assert.Equal(1, matcher.RestingCount);
    }

    [Fact]
    public void Cancelling_a_filled_or_unknown_order_does_nothing()
    {
        var (matcher, trades) = NewMatcher();
        matcher.Limit(1, Side.Sell, 100, 2);
        matcher.Limit(2, Side.Sell, 100, 2);
        matcher.Market(3, Side.Buy, 2);
        Assert.False(matcher.Cancel(1));
        Assert.False(matcher.Cancel(99));
        Assert.True(matcher.Cancel(2));
        Assert.False(matcher.Cancel(2));
        Assert.Equal(0, matcher.RestingCount);
        Assert.Single(trades);
    }

    private static (ReferenceMatcher Matcher, List<ReferenceTrade> Trades) NewMatcher()
    {
        var trades = new Recorder();
        return (new ReferenceMatcher(trades), trades.Trades);
    }

    private sealed class Recorder : ITradeListener
    {
        public List<ReferenceTrade> Trades { get; } = [];

        public void OnTrade(in ReferenceTrade trade, bool makerFilled) => Trades.Add(trade);
    }
}
