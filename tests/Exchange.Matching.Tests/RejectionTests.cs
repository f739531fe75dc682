using Exchange.Matching;

namespace Exchange.Matching.Tests;

public sealed class RejectionTests
{
    private static readonly BookConfig Config = new()
    {
        LotSize = 10,
        TickSize = 5,
        MaxPrice = 1_000,
        MaxQuantity = 1_000,
        LimitBandTicks = 10,
    };

    public static TheoryData<string, PlaceOrder, RejectReason> Cases => new()
    {
        { "zero id", PlaceOrder.Limit(0, 1, Side.Buy, 100, 10), RejectReason.InvalidOrderId },
        { "duplicate", PlaceOrder.Limit(1, 1, Side.Buy, 100, 10), RejectReason.DuplicateOrderId },
        { "bad side", PlaceOrder.Limit(5, 1, (Side)7, 100, 10), RejectReason.InvalidSide },
        { "bad type", PlaceOrder.Limit(5, 1, Side.Buy, 100, 10) with { Type = (OrderType)9 }, RejectReason.InvalidOrderType },
        { "post-only ioc", PlaceOrder.Limit(5, 1, Side.Buy, 100, 10) with { PostOnly = true, TimeInForce = TimeInForce.Ioc }, RejectReason.InvalidTimeInForce },
        { "zero quantity", PlaceOrder.Limit(5, 1, Side.Buy, 100, 0), RejectReason.InvalidQuantity },
        { "lot", PlaceOrder.Limit(5, 1, Side.Buy, 100, 15), RejectReason.InvalidLotSize },
        { "too large", PlaceOrder.Limit(5, 1, Side.Buy, 100, 1_010), RejectReason.QuantityTooLarge },
        { "zero price", PlaceOrder.Limit(5, 1, Side.Buy, 0, 10), RejectReason.InvalidPrice },
        { "tick", PlaceOrder.Limit(5, 1, Side.Buy, 101, 10), RejectReason.InvalidTickSize },
        { "price too large", PlaceOrder.Limit(5, 1, Side.Buy, 1_005, 10), RejectReason.PriceTooLarge },
        { "band", PlaceOrder.Limit(5, 1, Side.Buy, 160, 10), RejectReason.PriceOutOfBand },
        { "tier", PlaceOrder.Limit(5, 1, Side.Sell, 110, 10) with { Cluster = new ClusterAttributes(1, 0, 4, 0) }, RejectReason.InvalidAttributes },
        { "region", PlaceOrder.Limit(5, 1, Side.Sell, 110, 10) with { Cluster = new ClusterAttributes(1, 32, 1, 0) }, RejectReason.InvalidAttributes },
        { "min tier", PlaceOrder.Limit(5, 1, Side.Buy, 100, 10) with { Constraints = new BidConstraints(0, 4, 0) }, RejectReason.InvalidConstraints },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Invalid_orders_are_rejected_with_a_reason_and_change_nothing(string rule, PlaceOrder order, RejectReason expected)
    {
        var t = new TestBook(Config);
        t.Buy(1, 100, 10);
        t.Sell(2, 105, 10);
        ulong before = t.Book.StateHash();
        var events = t.Place(order);
        var rejected = Assert.IsType<OrderRejected>(Assert.Single(events));
        Assert.True(expected == rejected.Reason, rule);
        Assert.Equal(t.Book.Sequence, rejected.Sequence);
        var after = new TestBook(Config);
        after.Buy(1, 100, 10);
        after.Sell(2, 105, 10);
        after.Cancel(99);
        Assert.Equal(after.Book.StateHash(), t.Book.StateHash());
        Assert.NotEqual(before, t.Book.StateHash());
    }

    [Fact]
    public void Reduce_must_lower_the_quantity_in_whole_lots()
    {
        var t = new TestBook(Config);
        t.Buy(1, 100, 30);
        Assert.Equal(RejectReason.InvalidQuantity, t.Reduce(1, 30).Rejection());
        Assert.Equal(RejectReason.InvalidQuantity, t.Reduce(1, 0).Rejection());
        Assert.Equal(RejectReason.InvalidLotSize, t.Reduce(1, 15).Rejection());
        Assert.Null(t.Reduce(1, 20).Rejection());
    }

    [Fact]
    public void Rejected_replace_leaves_the_order_untouched()
    {
        var t = new TestBook(Config);
        t.Buy(1, 100, 30);
        ulong before = t.Book.StateHash();
        Assert.Equal(RejectReason.InvalidTickSize, t.Replace(1, 101, 30).Rejection());
        Assert.True(t.Book.TryGetOrder(1, out var order));
        Assert.Equal((100L, 30L), (order.Price, order.Remaining));
        Assert.NotEqual(before, t.Book.StateHash()); // only the sequence moved
    }
}
