using Exchange.Matching;

namespace Exchange.Matching.Tests;

public sealed class OrderKindTests
{
    [Fact]
    public void Ioc_remainder_is_cancelled()
    {
        var t = new TestBook();
        t.Sell(1, 100, 3);
        var events = t.Place(PlaceOrder.Limit(2, 1, Side.Buy, 100, 10) with { TimeInForce = TimeInForce.Ioc });
        Assert.Single(events.Fills());
        var cancelled = Assert.Single(events.OfType<OrderCancelled>());
        Assert.Equal((7L, CancelReason.IocRemainder), (cancelled.Remaining, cancelled.Reason));
        Assert.False(t.Book.TryGetOrder(2, out _));
    }

    [Fact]
    public void Fok_fills_entirely_when_enough_compatible_liquidity_exists()
    {
        var t = new TestBook();
        t.Sell(1, 100, 6);
        t.Sell(2, 101, 6);
        var events = t.Place(PlaceOrder.Limit(3, 1, Side.Buy, 101, 10) with { TimeInForce = TimeInForce.Fok });
        Assert.Equal(10, events.Fills().Sum(f => f.Quantity));
    }

    [Fact]
    public void Fok_rejects_when_compatible_liquidity_is_short()
    {
        var t = new TestBook();
        t.Sell(1, 100, 6, cluster: new ClusterAttributes(1, 0, 1, 0));
        t.Sell(2, 100, 6, cluster: new ClusterAttributes(2, 1, 1, 0));
        var events = t.Place(PlaceOrder.Limit(3, 1, Side.Buy, 100, 10) with
        {
            TimeInForce = TimeInForce.Fok,
            Constraints = new BidConstraints(1u << 0, 0, 0),
        });
        Assert.Equal(RejectReason.FokNotFillable, events.Rejection());
        Assert.Empty(events.Fills());
        Assert.Equal(12, t.Book.GetTop().Ask.Quantity);
    }

    [Fact]
    public void Fok_counts_only_liquidity_ahead_of_an_own_order()
    {
        var t = new TestBook();
        t.Sell(1, 100, 5, owner: 9);
        t.Sell(2, 100, 5, owner: 1);
        t.Sell(3, 100, 5, owner: 9);
        var events = t.Place(PlaceOrder.Limit(4, 1, Side.Buy, 100, 8) with { TimeInForce = TimeInForce.Fok });
        Assert.Equal(RejectReason.FokNotFillable, events.Rejection());
    }

    [Fact]
    public void Post_only_rejects_when_it_would_take()
    {
        var t = new TestBook();
        t.Sell(1, 100, 5);
        var events = t.Place(PlaceOrder.Limit(2, 1, Side.Buy, 100, 5) with { PostOnly = true });
        Assert.Equal(RejectReason.PostOnlyWouldCross, events.Rejection());
        Assert.Null(t.Place(PlaceOrder.Limit(3, 1, Side.Buy, 99, 5) with { PostOnly = true }).Rejection());
    }

    [Fact]
    public void Post_only_bid_rests_above_an_incompatible_ask()
    {
        var t = new TestBook();
        t.Sell(1, 100, 5, cluster: new ClusterAttributes(1, 1, 1, 0));
        var events = t.Place(PlaceOrder.Limit(2, 1, Side.Buy, 101, 5) with
        {
            PostOnly = true,
            Constraints = new BidConstraints(1u << 0, 0, 0),
        });
        Assert.Null(events.Rejection());
    }

    [Fact]
    public void Market_order_stops_at_the_protection_band()
    {
        var t = new TestBook(new BookConfig { MarketBandTicks = 2 });
        t.Sell(1, 100, 5);
        t.Sell(2, 102, 5);
        t.Sell(3, 103, 5);
        var events = t.Place(PlaceOrder.Market(4, 1, Side.Buy, 15));
        Assert.Equal([1L, 2L], events.Fills().Select(f => f.MakerId));
        Assert.Equal(5, Assert.Single(events.OfType<OrderCancelled>()).Remaining);
        Assert.Equal(0, Assert.Single(events.OfType<OrderAccepted>()).Price);
    }

    [Fact]
    public void Market_order_without_compatible_liquidity_is_rejected()
    {
        var t = new TestBook();
        t.Sell(1, 100, 5, cluster: new ClusterAttributes(1, 1, 1, 0));
        var events = t.Place(PlaceOrder.Market(2, 1, Side.Buy, 5) with { Constraints = new BidConstraints(1u << 0, 0, 0) });
        Assert.Equal(RejectReason.NoLiquidity, events.Rejection());
    }

    [Fact]
    public void Market_order_must_be_ioc_or_fok()
    {
        var t = new TestBook();
        t.Sell(1, 100, 5);
        var events = t.Place(PlaceOrder.Market(2, 1, Side.Buy, 5) with { TimeInForce = TimeInForce.Gtc });
        Assert.Equal(RejectReason.InvalidTimeInForce, events.Rejection());
    }
}
