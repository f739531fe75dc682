using Exchange.Matching;

namespace Exchange.Matching.Tests;

public sealed class ConstraintTests
{
    private static readonly ClusterAttributes Hainan = new(ClusterId: 11, Region: 0, Tier: 3, Policies: 0b11);
    private static readonly ClusterAttributes Guangdong = new(ClusterId: 22, Region: 1, Tier: 1, Policies: 0b01);

    [Fact]
    public void Bid_skips_asks_outside_allowed_regions()
    {
        var t = new TestBook();
        t.Sell(1, 100, 5, cluster: Guangdong);
        t.Sell(2, 101, 5, cluster: Hainan);
        var fill = Assert.Single(t.Buy(3, 101, 5, constraints: new BidConstraints(1u << 0, 0, 0)).Fills());
        Assert.Equal((2L, 11L), (fill.MakerId, fill.ClusterId));
    }

    [Fact]
    public void Bid_skips_asks_below_its_minimum_tier()
    {
        var t = new TestBook();
        t.Sell(1, 100, 5, cluster: Guangdong);
        t.Sell(2, 100, 5, cluster: Hainan);
        Assert.Equal(2, Assert.Single(t.Buy(3, 100, 5, constraints: new BidConstraints(0, 2, 0)).Fills()).MakerId);
    }

    [Fact]
    public void Bid_skips_asks_missing_a_required_data_policy()
    {
        var t = new TestBook();
        t.Sell(1, 100, 5, cluster: Guangdong);
        t.Sell(2, 102, 5, cluster: Hainan);
        Assert.Equal(2, Assert.Single(t.Buy(3, 102, 5, constraints: new BidConstraints(0, 0, 0b10)).Fills()).MakerId);
    }

    [Fact]
    public void Skipped_asks_keep_their_priority()
    {
        var t = new TestBook();
        t.Sell(1, 100, 5, cluster: Guangdong);
        t.Sell(2, 100, 5, cluster: Hainan);
        t.Buy(3, 100, 5, constraints: new BidConstraints(1u << 0, 0, 0));
        Assert.Equal(1, Assert.Single(t.Buy(4, 100, 5).Fills()).MakerId);
    }

    [Fact]
    public void Constrained_bid_rests_when_only_incompatible_asks_cross_it()
    {
        var t = new TestBook();
        t.Sell(1, 100, 5, cluster: Guangdong);
        var events = t.Buy(2, 105, 5, constraints: new BidConstraints(1u << 0, 0, 0));
        Assert.Empty(events.Fills());
        Assert.True(t.Book.TryGetOrder(2, out _));
        var top = t.Book.GetTop();
        Assert.True(top.Bid.Price > top.Ask.Price); // overlapping but incompatible: not crossed
    }

    [Fact]
    public void Sell_taker_matches_only_bids_that_accept_its_cluster()
    {
        var t = new TestBook();
        t.Buy(1, 105, 5, constraints: new BidConstraints(1u << 0, 0, 0));
        t.Buy(2, 104, 5, constraints: new BidConstraints(1u << 1, 0, 0));
        var fill = Assert.Single(t.Sell(3, 100, 5, cluster: Guangdong).Fills());
        Assert.Equal((2L, 104L, 22L), (fill.MakerId, fill.Price, fill.ClusterId));
        Assert.True(t.Book.TryGetOrder(1, out _));
    }

    [Fact]
    public void Time_priority_holds_across_attribute_sets_at_one_price()
    {
        var t = new TestBook();
        t.Sell(1, 100, 5, cluster: Hainan);
        t.Sell(2, 100, 5, cluster: Guangdong);
        t.Sell(3, 100, 5, cluster: Hainan);
        Assert.Equal([1L, 2L, 3L], t.Buy(4, 100, 15).Fills().Select(f => f.MakerId));
    }

    [Fact]
    public void Constraints_accept_any_region_when_the_mask_is_zero()
    {
        Assert.True(new BidConstraints(0, 0, 0).Accepts(Guangdong));
        Assert.False(new BidConstraints(1u << 0, 0, 0).Accepts(Guangdong));
        Assert.False(new BidConstraints(0, 3, 0).Accepts(Guangdong));
        Assert.True(new BidConstraints(0, 3, 0b11).Accepts(Hainan));
    }
}
