using Exchange.Matching;

namespace Exchange.Matching.Tests;

public sealed class PriceTimePriorityTests
{
    [Fact]
    public void Bid_takes_the_best_price_first_then_the_oldest_order()
    {
        var t = new TestBook();
        t.Sell(1, 101, 5);
        t.Sell(2, 100, 5);
        t.Sell(3, 100, 5);
        var fills = t.Buy(4, 101, 12).Fills();
        Assert.Equal([2L, 3L, 1L], fills.Select(f => f.MakerId));
        Assert.Equal([5L, 5L, 2L], fills.Select(f => f.Quantity));
    }

    [Fact]
    public void Trades_at_the_resting_order_price()
    {
        var t = new TestBook();
        t.Buy(1, 105, 5);
        var fill = Assert.Single(t.Sell(2, 100, 5).Fills());
        Assert.Equal(105, fill.Price);
        Assert.Equal(Side.Sell, fill.TakerSide);
        Assert.Equal(1, fill.BuyerId);
    }

    [Fact]
    public void Partial_fill_leaves_the_remainder_resting_with_its_priority()
    {
        var t = new TestBook();
        t.Sell(1, 100, 10);
        t.Sell(2, 100, 10);
        t.Buy(3, 100, 4);
        Assert.True(t.Book.TryGetOrder(1, out var first));
        Assert.Equal(6, first.Remaining);
        var fills = t.Buy(4, 100, 8).Fills();
        Assert.Equal([1L, 2L], fills.Select(f => f.MakerId));
    }

    [Fact]
    public void Limit_remainder_rests_after_filling_what_crosses()
    {
        var t = new TestBook();
        t.Sell(1, 100, 3);
        var events = t.Buy(2, 101, 10);
        Assert.Single(events.Fills());
        Assert.True(t.Book.TryGetOrder(2, out var rest));
        Assert.Equal(7, rest.Remaining);
        Assert.Equal(101, t.Book.GetTop().Bid.Price);
    }

    [Fact]
    public void Reduce_keeps_time_priority()
    {
        var t = new TestBook();
        t.Sell(1, 100, 10);
        t.Sell(2, 100, 10);
        var reduced = Assert.Single(t.Reduce(1, 4).OfType<OrderReduced>());
        Assert.Equal(new OrderReduced(reduced.Sequence, 1, 4, 6), reduced);
        Assert.Equal(1, t.Buy(3, 100, 2).Fills()[0].MakerId);
    }

    [Fact]
    public void Price_change_loses_priority()
    {
        var t = new TestBook();
        t.Sell(1, 101, 10);
        t.Sell(2, 100, 10);
        var events = t.Replace(1, 100, 10);
        Assert.Equal(CancelReason.Replaced, events.Cancellation());
        Assert.Single(events.OfType<OrderAccepted>());
        Assert.Equal(2, t.Buy(3, 100, 1).Fills()[0].MakerId);
    }

    [Fact]
    public void Replace_with_the_same_price_and_quantity_still_loses_priority()
    {
        var t = new TestBook();
        t.Sell(1, 100, 10);
        t.Sell(2, 100, 10);
        t.Replace(1, 100, 10);
        Assert.Equal(2, t.Buy(3, 100, 1).Fills()[0].MakerId);
    }

    [Fact]
    public void Replace_keeps_the_id_and_trades_if_the_new_price_crosses()
    {
        var t = new TestBook();
        t.Buy(1, 99, 10);
        t.Sell(2, 101, 4);
        var fill = Assert.Single(t.Replace(1, 101, 10).Fills());
        Assert.Equal((2L, 1L, 101L, 4L), (fill.MakerId, fill.TakerId, fill.Price, fill.Quantity));
        Assert.True(t.Book.TryGetOrder(1, out var rest));
        Assert.Equal(6, rest.Remaining);
    }

    [Fact]
    public void Self_trade_cancels_the_newer_order()
    {
        var t = new TestBook();
        t.Sell(1, 100, 5, owner: 7);
        t.Sell(2, 100, 5, owner: 8);
        var events = t.Buy(3, 100, 10, owner: 7);
        Assert.Empty(events.Fills());
        var cancelled = Assert.Single(events.OfType<OrderCancelled>());
        Assert.Equal((3L, 10L, CancelReason.SelfTrade), (cancelled.OrderId, cancelled.Remaining, cancelled.Reason));
        Assert.True(t.Book.TryGetOrder(1, out _));
        Assert.True(t.Book.TryGetOrder(2, out _));
    }

    [Fact]
    public void Self_trade_keeps_fills_made_before_meeting_the_own_order()
    {
        var t = new TestBook();
        t.Sell(1, 100, 5, owner: 8);
        t.Sell(2, 101, 5, owner: 7);
        var events = t.Buy(3, 101, 10, owner: 7);
        Assert.Equal(1, Assert.Single(events.Fills()).MakerId);
        Assert.Equal(5, Assert.Single(events.OfType<OrderCancelled>()).Remaining);
    }

    [Fact]
    public void Sequence_numbers_increase_by_one_per_event()
    {
        var t = new TestBook();
        t.Sell(1, 100, 5);
        t.Sell(2, 100, 5);
        t.Cancel(99);
        t.Buy(3, 100, 7);
        var sequences = t.AllEvents.Select(e => (long)e.GetType().GetProperty("Sequence")!.GetValue(e)!).ToList();
        Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => (long)i), sequences);
        Assert.Equal(sequences[^1], t.Book.Sequence);
    }
}
