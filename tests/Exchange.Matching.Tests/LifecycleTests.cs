using Exchange.Matching;

namespace Exchange.Matching.Tests;

public sealed class LifecycleTests
{
    [Fact]
    public void Gate_closure_expires_every_resting_order()
    {
        var t = new TestBook();
        t.Sell(1, 100, 5);
        t.Buy(2, 90, 5);
        t.Sell(3, 101, 5);
        var expired = t.Close(1_000).OfType<OrderExpired>().ToList();
        Assert.Equal([1L, 2L, 3L], expired.Select(e => e.OrderId));
        Assert.Equal(0, t.Book.OrderCount);
        Assert.True(t.Book.IsClosed);
    }

    [Fact]
    public void Commands_after_gate_closure_are_rejected_market_closed()
    {
        var t = new TestBook();
        t.Close();
        Assert.Equal(RejectReason.MarketClosed, t.Buy(1, 100, 5).Rejection());
        Assert.Equal(RejectReason.MarketClosed, t.Cancel(1).Rejection());
        Assert.Empty(t.Close());
    }

    [Fact]
    public void Gtd_order_expires_at_the_first_command_whose_timestamp_reaches_its_expiry()
    {
        var t = new TestBook();
        t.Place(PlaceOrder.Limit(1, 1, Side.Sell, 100, 5, timestamp: 10) with { TimeInForce = TimeInForce.Gtd, ExpiresAt = 20 });
        Assert.Empty(t.AdvanceTime(19));
        var events = t.Buy(2, 100, 5, timestamp: 20);
        Assert.IsType<OrderExpired>(events[0]);
        Assert.Empty(events.Fills());
        Assert.True(t.Book.TryGetOrder(2, out _));
    }

    [Fact]
    public void Due_gtd_orders_expire_in_expiry_then_priority_order()
    {
        var t = new TestBook();
        t.Place(PlaceOrder.Limit(1, 1, Side.Sell, 100, 5) with { TimeInForce = TimeInForce.Gtd, ExpiresAt = 30 });
        t.Place(PlaceOrder.Limit(2, 1, Side.Sell, 101, 5) with { TimeInForce = TimeInForce.Gtd, ExpiresAt = 20 });
        t.Place(PlaceOrder.Limit(3, 1, Side.Sell, 102, 5) with { TimeInForce = TimeInForce.Gtd, ExpiresAt = 20 });
        Assert.Equal([2L, 3L, 1L], t.AdvanceTime(30).OfType<OrderExpired>().Select(e => e.OrderId));
    }

    [Fact]
    public void Cancelled_gtd_orders_do_not_pile_up_in_the_expiry_queue()
    {
        var book = new OrderBook(new BookConfig());
        var events = new List<object>();
        var log = new EventLog(events);
        book.Place(PlaceOrder.Limit(1, 1, Side.Sell, 200, 5) with { TimeInForce = TimeInForce.Gtd, ExpiresAt = 1_000_000 }, ref log);
        for (int id = 2; id < 20_000; id++)
        {
            book.Place(PlaceOrder.Limit(id, 1, Side.Sell, 100, 5) with { TimeInForce = TimeInForce.Gtd, ExpiresAt = 1_000_000 }, ref log);
            book.Cancel(id, 0, ref log);
        }
        Assert.True(book.PendingExpiries < 3_000, $"{book.PendingExpiries} pending expiries");
        book.ValidateInternalState();
        events.Clear();
        book.AdvanceTime(1_000_000, ref log);
        Assert.Equal(1, Assert.IsType<OrderExpired>(Assert.Single(events)).OrderId);
    }

    [Fact]
    public void Gtd_expiry_must_be_after_the_command_timestamp()
    {
        var t = new TestBook();
        var events = t.Place(PlaceOrder.Limit(1, 1, Side.Sell, 100, 5, timestamp: 20) with { TimeInForce = TimeInForce.Gtd, ExpiresAt = 20 });
        Assert.Equal(RejectReason.InvalidExpiry, events.Rejection());
    }

    [Fact]
    public void Replaced_gtd_order_keeps_its_expiry()
    {
        var t = new TestBook();
        t.Place(PlaceOrder.Limit(1, 1, Side.Sell, 100, 5) with { TimeInForce = TimeInForce.Gtd, ExpiresAt = 20 });
        t.Replace(1, 105, 5, timestamp: 5);
        Assert.Equal(1, Assert.Single(t.AdvanceTime(20).OfType<OrderExpired>()).OrderId);
    }

    [Fact]
    public void Cancel_cluster_cancels_only_that_clusters_asks()
    {
        var t = new TestBook();
        t.Sell(1, 100, 5, cluster: new ClusterAttributes(7, 0, 1, 0));
        t.Sell(2, 101, 5, cluster: new ClusterAttributes(8, 0, 1, 0));
        t.Sell(3, 102, 5, cluster: new ClusterAttributes(7, 1, 2, 0));
        var cancelled = t.CancelCluster(7).OfType<OrderCancelled>().ToList();
        Assert.Equal([1L, 3L], cancelled.Select(c => c.OrderId));
        Assert.All(cancelled, c => Assert.Equal(CancelReason.ClusterOffline, c.Reason));
        Assert.True(t.Book.TryGetOrder(2, out _));
    }

    [Fact]
    public void Cancel_of_a_gone_order_is_rejected_unknown_order()
    {
        var t = new TestBook();
        t.Sell(1, 100, 5);
        t.Buy(2, 100, 5);
        Assert.Equal(RejectReason.UnknownOrder, t.Cancel(1).Rejection());
        Assert.Equal(RejectReason.UnknownOrder, t.Reduce(1, 1).Rejection());
        Assert.Equal(RejectReason.UnknownOrder, t.Replace(1, 100, 1).Rejection());
    }

    [Fact]
    public void Cancel_removes_the_order_and_reports_its_remainder()
    {
        var t = new TestBook();
        t.Sell(1, 100, 5);
        var cancelled = Assert.Single(t.Cancel(1).OfType<OrderCancelled>());
        Assert.Equal((1L, 5L, CancelReason.User), (cancelled.OrderId, cancelled.Remaining, cancelled.Reason));
        Assert.Equal(0, t.Book.OrderCount);
    }

    [Fact]
    public void Many_orders_grow_the_pool_index_and_levels_and_cancel_cleanly()
    {
        var t = new OrderBook(new BookConfig { InitialOrderCapacity = 4, InitialPriceLevels = 4 });
        var log = new EventLog([]);
        for (int i = 1; i <= 20_000; i++)
        {
            t.Place(PlaceOrder.Limit(i, i, i % 2 == 0 ? Side.Buy : Side.Sell, i % 2 == 0 ? 1 + (i % 500) : 1_000 + (i % 3_000), 1), ref log);
        }
        t.ValidateInternalState();
        Assert.Equal(20_000, t.OrderCount);
        for (int i = 1; i <= 20_000; i += 2)
        {
            t.Cancel(i, 0, ref log);
        }
        t.ValidateInternalState();
        Assert.Equal(10_000, t.OrderCount);
    }
}
