using Exchange.Contracts.Markets;
using Exchange.Grains.Markets;
using Exchange.Markets;
using Exchange.Storage.Ledger;
using static Exchange.Grains.Tests.Markets.MarketFixtures;

namespace Exchange.Grains.Tests.Markets;

public sealed class MarketCoreTests
{
    private static long _clock = Start.ToUnixTimeMilliseconds();

    private static CommandOutcome Run(MarketCore core, MarketCommand command) => core.Apply(core.LastSequence + 1, command);

    private static PlaceCommand Place(OrderRequest request) => new(Interlocked.Increment(ref _clock), request);

    [Fact]
    public void A_bid_crossing_a_resting_ask_is_allocated_at_the_ask_price_from_the_providers_cluster()
    {
        var core = NewCore();
        Run(core, Place(Ask("p-hn", "a1", 0.40m, 10_000, cluster: "hn-7", region: "hainan")));

        var outcome = Run(core, Place(Bid("b-de", "b1", 0.45m, 4_000, jurisdiction: "DE")));

        var allocation = Assert.Single(outcome.Allocations);
        Assert.Equal(("b-de", "DE", "p-hn", "hn-7", "hainan"), (allocation.BuyerId, allocation.BuyerJurisdiction, allocation.ProviderId, allocation.ClusterId, allocation.Region));
        Assert.Equal(Micros(0.40m), allocation.PriceMicros);
        Assert.Equal(4_000, allocation.Quantity);
        Assert.Equal(OrderStatus.Filled, outcome.Order!.Status);
        Assert.Equal(OrderStatus.PartiallyFilled, core.FindOrder(1)!.Status);
        Assert.Equal(AllocationHasher.Hash(AllocationHasher.Genesis.Span, allocation), allocation.Hash);
    }

    [Fact]
    public void A_bid_restricted_to_guangdong_skips_a_cheaper_hainan_ask()
    {
        var core = NewCore();
        Run(core, Place(Ask("p-hn", "a1", 0.30m, 5_000, cluster: "hn-1", region: "hainan")));
        Run(core, Place(Ask("p-gd", "a2", 0.35m, 5_000, cluster: "gd-1", region: "guangdong")));

        var outcome = Run(core, Place(Bid("b-us", "b1", 0.40m, 5_000, regions: ["guangdong"])));

        Assert.Equal("gd-1", Assert.Single(outcome.Allocations).ClusterId);
        Assert.Equal(5_000, core.FindOrder(1)!.Remaining);
    }

    [Fact]
    public void Unknown_regions_and_policies_and_off_tick_prices_are_rejected_without_an_order()
    {
        var core = NewCore();

        Assert.Equal(RejectCode.UnknownRegion, Run(core, Place(Ask("p", "a1", 0.40m, 1_000, region: "tibet"))).Reject);
        Assert.Equal(RejectCode.UnknownDataPolicy, Run(core, Place(Bid("b", "b1", 0.40m, 1_000, policies: ["teleport"]))).Reject);
        Assert.Equal(RejectCode.InvalidTickSize, Run(core, Place(Bid("b", "b2", 0.405m, 1_000))).Reject);
        Assert.Equal(RejectCode.InvalidLotSize, Run(core, Place(Bid("b", "b3", 0.40m, 1_500))).Reject);
        Assert.Empty(core.Orders);
    }

    [Fact]
    public void Reduce_shrinks_the_order_and_a_cancel_moves_the_rest_to_cancelled()
    {
        var core = NewCore();
        Run(core, Place(Bid("b-de", "b1", 0.40m, 10_000)));

        Assert.Null(Run(core, new ReduceCommand(_clock, 1, 6_000)).Reject);
        Assert.Equal(RejectCode.InvalidQuantity, Run(core, new ReduceCommand(_clock, 1, 8_000)).Reject);
        Run(core, new CancelCommand(_clock, 1));

        var order = core.FindOrder(1)!;
        Assert.Equal((6_000L, 0L, 0L, 6_000L, OrderStatus.Cancelled), (order.Quantity, order.Filled, order.Remaining, order.Cancelled, order.Status));
    }

    [Fact]
    public void Gate_closure_expires_every_resting_order()
    {
        var core = NewCore();
        Run(core, Place(Bid("b-de", "b1", 0.40m, 10_000)));
        Run(core, Place(Ask("p-hn", "a1", 0.50m, 3_000)));

        var outcome = Run(core, new CloseCommand(_clock));

        Assert.True(core.IsClosed);
        Assert.Equal(2, outcome.Touched.Count);
        Assert.All(core.Orders, o => Assert.Equal(OrderStatus.Expired, o.Status));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Replaying_the_same_commands_reproduces_every_allocation_and_hash(int seed)
    {
        var commands = RandomCommands(seed, 2_000);
        var marketId = NewMarketId();
        var first = NewCore(marketId);
        var second = NewCore(marketId);

        var a = commands.SelectMany(c => Run(first, c).Allocations).ToList();
        var b = commands.SelectMany(c => Run(second, c).Allocations).ToList();

        Assert.NotEmpty(a);
        Assert.Equal(a.Select(x => Convert.ToHexString(x.Hash)), b.Select(x => Convert.ToHexString(x.Hash)));
        Assert.Equal(first.BookHash, second.BookHash);
    }

    [Theory]
    [InlineData(4, 700)]
    [InlineData(5, 1_333)]
    public void Restoring_a_snapshot_and_replaying_the_rest_equals_one_uninterrupted_run(int seed, int cut)
    {
        var commands = RandomCommands(seed, 2_000);
        var marketId = NewMarketId();
        var whole = NewCore(marketId);
        var wholeAllocations = commands.SelectMany(c => Run(whole, c).Allocations).ToList();

        var before = NewCore(marketId);
        var earlyAllocations = commands.Take(cut).SelectMany(c => Run(before, c).Allocations).ToList();
        var restored = MarketCore.Restore(before.ToSnapshot());
        var lateAllocations = commands.Skip(cut).SelectMany(c => Run(restored, c).Allocations).ToList();

        Assert.Equal(
            wholeAllocations.Select(x => Convert.ToHexString(x.Hash)),
            earlyAllocations.Concat(lateAllocations).Select(x => Convert.ToHexString(x.Hash)));
        Assert.Equal(whole.BookHash, restored.BookHash);
        Assert.Equal(whole.Orders.Select(o => o.ToState(marketId).ToString()), restored.Orders.Select(o => o.ToState(marketId).ToString()));
    }

    [Theory]
    [InlineData(7, 900)]
    [InlineData(8, 1_500)]
    public void A_capture_writes_the_market_as_it_stood_whatever_the_market_does_after_it(int seed, int cut)
    {
        var commands = RandomCommands(seed, 2_000);
        var core = NewCore();
        foreach (var command in commands.Take(cut))
        {
            Run(core, command);
        }

        var expected = core.ToSnapshot();
        var capture = core.CaptureSnapshot();
        var touchedLater = commands.Skip(cut).SelectMany(c => Run(core, c).Touched).Count(o => o.Sequence <= cut);
        core.EvictFinished();

        Assert.True(touchedLater > 0);
        Assert.Equal(cut, capture.Sequence);
        Assert.Equal(expected, capture.Write());
    }

    [Fact]
    public void Filled_remaining_and_cancelled_add_up_to_the_quantity_of_every_order()
    {
        var core = NewCore();
        var allocated = new Dictionary<string, long>();
        foreach (var command in RandomCommands(6, 3_000))
        {
            foreach (var allocation in Run(core, command).Allocations)
            {
                allocated[allocation.BuyOrderId] = allocated.GetValueOrDefault(allocation.BuyOrderId) + allocation.Quantity;
                allocated[allocation.SellOrderId] = allocated.GetValueOrDefault(allocation.SellOrderId) + allocation.Quantity;
            }
        }

        Assert.All(core.Orders, o =>
        {
            Assert.Equal(o.Quantity, o.Filled + o.Remaining + o.Cancelled);
            Assert.Equal(allocated.GetValueOrDefault(o.OrderId), o.Filled);
        });
    }

    [Fact]
    public void Finished_orders_leave_memory_but_their_client_order_ids_are_remembered_across_a_snapshot()
    {
        var core = NewCore();
        Run(core, Place(Ask("p-hn", "a1", 0.40m, 3_000)));
        Run(core, Place(Bid("b-de", "b1", 0.40m, 3_000)));
        Run(core, Place(Bid("b-de", "b2", 0.30m, 1_000)));

        var evicted = core.EvictFinished();
        var restored = MarketCore.Restore(core.ToSnapshot());

        Assert.Equal(2, evicted);
        Assert.Equal(["b2"], restored.Orders.Select(o => o.Request.ClientOrderId));
        Assert.True(restored.MayHaveFinished("p-hn", "a1"));
        Assert.True(restored.MayHaveFinished("b-de", "b1"));
        Assert.False(restored.MayHaveFinished("b-de", "b2"));
        Assert.False(restored.MayHaveFinished("b-us", "b1"));
        Assert.Equal(core.BookHash, restored.BookHash);
    }

    [Fact]
    public void A_tick_expires_the_GTD_orders_due_by_its_time_and_the_next_expiry_follows_the_open_ones()
    {
        var core = NewCore();
        var t0 = Start.ToUnixTimeMilliseconds();
        Run(core, new PlaceCommand(t0, Bid("b-de", "b1", 0.40m, 1_000, tif: OrderTimeInForce.Gtd, expiresAt: Start.AddSeconds(10))));
        Run(core, new PlaceCommand(t0, Bid("b-de", "b2", 0.40m, 1_000, tif: OrderTimeInForce.Gtd, expiresAt: Start.AddSeconds(20))));
        Assert.Equal(t0 + 10_000, core.NextExpiry);

        var outcome = Run(core, new TickCommand(t0 + 15_000));

        Assert.Equal(OrderStatus.Expired, Assert.Single(outcome.Touched).Status);
        Assert.Equal(t0 + 20_000, core.NextExpiry);
        Assert.Equal(t0 + 20_000, MarketCore.Restore(core.ToSnapshot()).NextExpiry);
        Run(core, new CancelCommand(t0 + 16_000, 2));
        Assert.Null(core.NextExpiry);
    }
}
