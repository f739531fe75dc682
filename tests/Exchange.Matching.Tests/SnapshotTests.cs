using Exchange.Matching;

namespace Exchange.Matching.Tests;

public sealed class SnapshotTests
{
    [Fact]
    public void Snapshot_round_trip_preserves_state_hash_and_priority()
    {
        var t = new TestBook(new BookConfig { LotSize = 1, TickSize = 1, MarketBandTicks = 5 });
        t.Sell(1, 100, 5, cluster: new ClusterAttributes(1, 1, 1, 0));
        t.Sell(2, 100, 5);
        t.Place(PlaceOrder.Limit(3, 4, Side.Buy, 90, 5) with { TimeInForce = TimeInForce.Gtd, ExpiresAt = 50, Constraints = new BidConstraints(3, 1, 0) });
        var restored = OrderBook.Restore(t.Book.ToSnapshot());
        restored.ValidateInternalState();
        Assert.Equal(t.Book.StateHash(), restored.StateHash());
        Assert.Equal(t.Book.RestingOrders(), restored.RestingOrders());
        Assert.Equal(t.Book.Config, restored.Config);

        var events = new List<object>();
        var log = new EventLog(events);
        restored.AdvanceTime(50, ref log);
        Assert.Equal(3, Assert.IsType<OrderExpired>(Assert.Single(events)).OrderId);
    }

    [Fact]
    public void Restore_rejects_what_is_not_a_snapshot()
    {
        Assert.Throws<InvalidDataException>(() => OrderBook.Restore(new byte[10]));
        var snapshot = new TestBook().Book.ToSnapshot();
        snapshot[4] = 99;
        Assert.Throws<InvalidDataException>(() => OrderBook.Restore(snapshot));
        var truncated = new TestBook();
        truncated.Sell(1, 100, 1);
        Assert.Throws<InvalidDataException>(() => OrderBook.Restore(truncated.Book.ToSnapshot().AsSpan()[..^1]));
    }
}
