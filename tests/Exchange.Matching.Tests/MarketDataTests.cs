using Exchange.Matching;

namespace Exchange.Matching.Tests;

public sealed class MarketDataTests
{
    [Fact]
    public void Depth_aggregates_each_level_best_first()
    {
        var t = new TestBook();
        t.Sell(1, 103, 5);
        t.Sell(2, 101, 5, cluster: new ClusterAttributes(1, 1, 1, 0));
        t.Sell(3, 101, 7);
        t.Buy(4, 99, 2);
        t.Buy(5, 97, 3);
        var asks = new DepthLevel[10];
        int n = t.Book.GetDepth(Side.Sell, asks);
        Assert.Equal([new DepthLevel(101, 12, 2), new DepthLevel(103, 5, 1)], asks[..n]);
        var bids = new DepthLevel[1];
        Assert.Equal(1, t.Book.GetDepth(Side.Buy, bids));
        Assert.Equal(new DepthLevel(99, 2, 1), bids[0]);
        Assert.Equal(new TopOfBook(new DepthLevel(99, 2, 1), new DepthLevel(101, 12, 2)), t.Book.GetTop());
    }

    [Fact]
    public void Empty_side_has_an_empty_top_level()
    {
        var t = new TestBook();
        Assert.Equal(default, t.Book.GetTop());
    }

    [Fact]
    public void Order_view_reports_remaining_price_and_attributes()
    {
        var t = new TestBook();
        var cluster = new ClusterAttributes(42, 1, 2, 0b101);
        t.Sell(1, 100, 9, owner: 3, cluster: cluster);
        Assert.True(t.Book.TryGetOrder(1, out var view));
        Assert.Equal((1L, 3, Side.Sell, 100L, 9L, cluster), (view.OrderId, view.Owner, view.Side, view.Price, view.Remaining, view.Cluster));
        Assert.False(t.Book.TryGetOrder(2, out _));
    }
}
