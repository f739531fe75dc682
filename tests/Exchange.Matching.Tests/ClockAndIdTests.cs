using Exchange.Matching;

namespace Exchange.Matching.Tests;

/// <summary>The book's clock and id high-water marks: rules that depend on the order of commands, not their payloads.</summary>
public sealed class ClockAndIdTests
{
    [Fact]
    public void An_expired_gtd_order_never_trades_when_a_later_command_carries_an_earlier_timestamp()
    {
        var t = new TestBook();
        t.Place(PlaceOrder.Limit(1, 1, Side.Sell, 100, 5, timestamp: 10) with { TimeInForce = TimeInForce.Gtd, ExpiresAt = 20 });
        t.Place(PlaceOrder.Limit(2, 1, Side.Sell, 101, 5, timestamp: 15) with { TimeInForce = TimeInForce.Gtd, ExpiresAt = 40 });
        Assert.Equal([1L], t.AdvanceTime(25).OfType<OrderExpired>().Select(e => e.OrderId));
        var events = t.Buy(3, 101, 10, timestamp: 5); // the clock stays at 25: order 1 stays gone, order 2 is still live
        Assert.Equal([2L], events.Fills().Select(f => f.MakerId));
        Assert.Equal(25, t.Book.Now);
    }

    [Fact]
    public void An_order_whose_expiry_falls_before_the_clock_is_rejected_even_with_an_earlier_timestamp()
    {
        var t = new TestBook();
        t.AdvanceTime(100);
        var late = PlaceOrder.Limit(1, 1, Side.Sell, 100, 5, timestamp: 10) with { TimeInForce = TimeInForce.Gtd, ExpiresAt = 50 };
        Assert.Equal(RejectReason.InvalidExpiry, t.Place(late).Rejection());
        Assert.Null(t.Place(late with { ExpiresAt = 101 }).Rejection());
        Assert.Equal([1L], t.Cancel(2, timestamp: 101).OfType<OrderExpired>().Select(e => e.OrderId));
    }

    [Fact]
    public void The_clock_and_the_highest_id_are_part_of_the_state_hash_and_survive_a_snapshot()
    {
        var a = new TestBook();
        var b = new TestBook();
        a.AdvanceTime(10);
        b.AdvanceTime(11);
        a.Cancel(1);
        b.Cancel(1);
        Assert.NotEqual(a.Book.StateHash(), b.Book.StateHash());

        a.Place(PlaceOrder.Market(7, 1, Side.Buy, 5)); // no liquidity: rejected, high-water id stays
        Assert.Equal(0, a.Book.HighestId);
        a.Sell(7, 100, 5);
        a.Buy(8, 100, 5);
        var restored = OrderBook.Restore(a.Book.ToSnapshot());
        Assert.Equal((10L, 8L), (restored.Now, restored.HighestId));
        Assert.Equal(a.Book.StateHash(), restored.StateHash());
    }

    [Fact]
    public void Ids_not_above_the_highest_accepted_id_are_duplicates_even_after_the_order_left()
    {
        var t = new TestBook();
        t.Sell(10, 100, 5);
        var ioc = PlaceOrder.Limit(11, 2, Side.Buy, 100, 1) with { TimeInForce = TimeInForce.Ioc };
        Assert.Null(t.Place(ioc).Rejection());
        Assert.Equal(RejectReason.DuplicateOrderId, t.Place(ioc).Rejection());
        Assert.Equal(RejectReason.DuplicateOrderId, t.Place(ioc with { Id = 5 }).Rejection());
        Assert.Null(t.Place(ioc with { Id = 12 }).Rejection());
        Assert.True(t.Book.TryGetOrder(10, out var resting));
        Assert.Equal(3, resting.Remaining);
    }

    [Fact]
    public void Configuration_limits_are_part_of_the_state_hash()
    {
        var plain = new OrderBook(new BookConfig());
        Assert.NotEqual(plain.StateHash(), new OrderBook(new BookConfig { MaxQuantity = 5 }).StateHash());
        Assert.NotEqual(plain.StateHash(), new OrderBook(new BookConfig { MaxPrice = 5_000 }).StateHash());
        Assert.NotEqual(plain.StateHash(), new OrderBook(new BookConfig { MarketBandTicks = 7 }).StateHash());
        Assert.NotEqual(plain.StateHash(), new OrderBook(new BookConfig { LimitBandTicks = 7 }).StateHash());
        Assert.Equal(plain.StateHash(), new OrderBook(new BookConfig { InitialOrderCapacity = 7 }).StateHash());
    }

    [Fact]
    public void Bands_wider_than_any_price_grid_are_a_configuration_error()
    {
        Assert.Throws<ArgumentException>(() => new OrderBook(new BookConfig { MarketBandTicks = long.MaxValue }));
        Assert.Throws<ArgumentException>(() => new OrderBook(new BookConfig { LimitBandTicks = 100_000_001 }));
        var t = new TestBook(new BookConfig { MaxPrice = 100_000_000, MarketBandTicks = 100_000_000, LimitBandTicks = 100_000_000 });
        t.Sell(1, 100_000_000, 5);
        Assert.Equal(5, t.Place(PlaceOrder.Market(2, 2, Side.Buy, 5)).Fills().Sum(f => f.Quantity));
    }
}
