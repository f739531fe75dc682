using Exchange.Contracts.Markets;
using Exchange.Markets;
using static Exchange.Grains.Tests.Markets.MarketFixtures;

namespace Exchange.Grains.Tests.Markets;

/// <summary>The reserve book: reserve asks outlive gate closure and only re-allocation bids take them (docs/failover.md).</summary>
public sealed class ReserveBookTests
{
    private static long _clock = Start.ToUnixTimeMilliseconds();

    private static CommandOutcome Run(MarketCore core, MarketCommand command) => core.Apply(core.LastSequence + 1, command);

    private static PlaceCommand Place(OrderRequest request) => new(Interlocked.Increment(ref _clock), request);

    private static OrderRequest ReserveAsk(string provider, string clientOrderId, decimal price, long quantity, string cluster = "gd-1",
        string region = "guangdong", int tier = 2) =>
        Ask(provider, clientOrderId, price, quantity, cluster, region, tier) with { Reserve = true };

    private static OrderRequest Reallocation(string parent, decimal maxPrice, long quantity, string[]? regions = null, int minTier = 0) =>
        Bid("b-de", $"failover {parent} 1", maxPrice, quantity, regions: regions, minTier: minTier) with { ParentAllocationId = parent };

    private static MarketCore ClosedWithReserve()
    {
        var core = NewCore();
        Run(core, Place(ReserveAsk("p-gd", "r1", 0.50m, 10_000)));
        Run(core, Place(ReserveAsk("p-hn", "r2", 0.45m, 5_000, cluster: "hn-2", region: "hainan")));
        Run(core, Place(Ask("p-gd", "a1", 0.40m, 5_000, cluster: "gd-1", region: "guangdong")));
        Run(core, Place(Bid("b-us", "b1", 0.30m, 5_000)));
        Run(core, new CloseCommand(_clock));
        return core;
    }

    [Fact]
    public void Gate_closure_expires_everything_but_the_reserve_asks()
    {
        var core = ClosedWithReserve();

        Assert.True(core.IsClosed);
        Assert.True(core.ReserveOpen);
        Assert.Equal(["r1", "r2"], core.Orders.Where(o => o.IsOpen).Select(o => o.Request.ClientOrderId));
        Assert.All(core.Orders.Where(o => !o.Request.Reserve), o => Assert.Equal(OrderStatus.Expired, o.Status));
    }

    [Fact]
    public void Before_gate_closure_a_reserve_ask_trades_like_any_other_ask()
    {
        var core = NewCore();
        Run(core, Place(ReserveAsk("p-gd", "r1", 0.40m, 10_000)));

        var outcome = Run(core, Place(Bid("b-us", "b1", 0.45m, 4_000)));

        Assert.Equal(4_000, Assert.Single(outcome.Allocations).Quantity);
        Assert.Null(outcome.Allocations[0].ParentAllocationId);
    }

    [Fact]
    public void After_gate_closure_an_ordinary_bid_is_refused_market_closed_and_stores_nothing()
    {
        var core = ClosedWithReserve();
        var command = Place(Bid("b-us", "b2", 0.90m, 5_000));

        Assert.Equal(RejectCode.MarketClosed, core.Precheck(command));
        Assert.Equal(RejectCode.MarketClosed, Run(core, command).Reject);
        Assert.Equal(RejectCode.MarketClosed, Run(core, Place(ReserveAsk("p-gd", "r3", 0.40m, 5_000))).Reject);
        Assert.Equal(2, core.Orders.Count(o => o.IsOpen));
    }

    [Fact]
    public void A_reallocation_takes_the_cheapest_reserve_ask_and_names_its_parent()
    {
        var core = ClosedWithReserve();

        var outcome = Run(core, Place(Reallocation("m.a7", 0.60m, 8_000)));

        Assert.Null(outcome.Reject);
        Assert.Equal([(5_000L, Micros(0.45m), "hn-2"), (3_000L, Micros(0.50m), "gd-1")],
            outcome.Allocations.Select(a => (a.Quantity, a.PriceMicros, a.ClusterId)));
        Assert.All(outcome.Allocations, a => Assert.Equal("m.a7", a.ParentAllocationId));
        Assert.Equal(7_000, core.Orders.Single(o => o.Request.ClientOrderId == "r1").Remaining);
    }

    [Fact]
    public void A_reallocation_keeps_the_buyers_regions_and_its_price_limit()
    {
        var core = ClosedWithReserve();

        var guangdongOnly = Run(core, Place(Reallocation("m.a1", 0.60m, 5_000, regions: ["guangdong"])));
        var tooCheap = Run(core, Place(Reallocation("m.a2", 0.44m, 5_000)));

        Assert.Equal("gd-1", Assert.Single(guangdongOnly.Allocations).ClusterId);
        Assert.Empty(tooCheap.Allocations);
        Assert.Equal(OrderStatus.Open, tooCheap.Order!.Status);
    }

    [Fact]
    public void A_reallocation_rests_and_a_cancel_ends_it()
    {
        var core = ClosedWithReserve();
        var resting = Run(core, Place(Reallocation("m.a1", 0.40m, 5_000))).Order!;

        Run(core, new CancelCommand(Interlocked.Increment(ref _clock), resting.Sequence));

        Assert.Equal(OrderStatus.Cancelled, core.FindOrder(resting.Sequence)!.Status);
    }

    [Fact]
    public void A_cluster_withdrawn_after_gate_closure_loses_its_reserve_asks()
    {
        var core = ClosedWithReserve();

        Run(core, new CancelClusterCommand(Interlocked.Increment(ref _clock), "gd-1"));
        var outcome = Run(core, Place(Reallocation("m.a1", 0.60m, 8_000)));

        Assert.Equal("hn-2", Assert.Single(outcome.Allocations).ClusterId);
        Assert.Equal(OrderStatus.Cancelled, core.Orders.Single(o => o.Request.ClientOrderId == "r1").Status);
    }

    [Fact]
    public void The_end_of_delivery_expires_the_reserve_book_and_refuses_reallocations()
    {
        var core = ClosedWithReserve();

        Run(core, new CloseCommand(Interlocked.Increment(ref _clock)));

        Assert.False(core.ReserveOpen);
        Assert.DoesNotContain(core.Orders, o => o.IsOpen);
        Assert.Equal(RejectCode.MarketClosed, Run(core, Place(Reallocation("m.a1", 0.60m, 5_000))).Reject);
    }

    [Fact]
    public void A_market_that_kept_no_reserve_ask_at_its_gate_has_nothing_standing_by_and_refuses_a_reallocation()
    {
        var core = NewCore();
        Run(core, Place(Ask("p-gd", "a1", 0.40m, 5_000, cluster: "gd-1", region: "guangdong")));
        Run(core, new CloseCommand(Interlocked.Increment(ref _clock)));

        var command = Place(Reallocation("m.a1", 0.60m, 5_000));

        Assert.False(core.ReserveOpen);
        Assert.Equal(RejectCode.MarketClosed, core.Precheck(command));
        Assert.Equal(RejectCode.MarketClosed, Run(core, command).Reject);
        Assert.False(core.ReserveOpen);
    }

    [Fact]
    public void A_reallocation_timed_after_the_period_is_refused_even_before_the_reserve_book_ends()
    {
        var core = ClosedWithReserve();

        var late = new PlaceCommand(core.PeriodEnd.ToUnixTimeMilliseconds(), Reallocation("m.a1", 0.60m, 5_000));

        Assert.Equal(RejectCode.MarketClosed, core.Precheck(late));
        Assert.Equal(RejectCode.MarketClosed, Run(core, late).Reject);
    }

    [Fact]
    public void A_reserve_ask_whose_own_expiry_came_first_does_not_move()
    {
        var core = NewCore();
        var due = DateTimeOffset.FromUnixTimeMilliseconds(Interlocked.Read(ref _clock) + 1_000);
        Run(core, Place(ReserveAsk("p-gd", "r1", 0.40m, 5_000) with { TimeInForce = OrderTimeInForce.Gtd, ExpiresAt = due }));

        Run(core, new CloseCommand(due.ToUnixTimeMilliseconds()));

        Assert.False(core.ReserveOpen);
        Assert.Equal(OrderStatus.Expired, core.FindOrder(1)!.Status);
    }

    [Theory]
    [InlineData(11, 250)]
    [InlineData(12, 610)]
    [InlineData(13, 790)]
    public void A_snapshot_taken_before_or_after_closure_trades_on_exactly_as_one_uninterrupted_run(int seed, int cut)
    {
        var commands = FailoverCommands(seed, 800);
        var marketId = NewMarketId();
        var whole = NewCore(marketId);
        var wholeAllocations = commands.SelectMany(c => Run(whole, c).Allocations).ToList();

        var before = NewCore(marketId);
        var early = commands.Take(cut).SelectMany(c => Run(before, c).Allocations).ToList();
        var restored = MarketCore.Restore(before.ToSnapshot());
        var late = commands.Skip(cut).SelectMany(c => Run(restored, c).Allocations).ToList();

        Assert.Contains(wholeAllocations, a => a.ParentAllocationId is not null);
        Assert.Equal(wholeAllocations.Select(a => Convert.ToHexString(a.Hash)), early.Concat(late).Select(a => Convert.ToHexString(a.Hash)));
        Assert.Equal(whole.BookHash, restored.BookHash);
        Assert.Equal(whole.Orders.Select(o => o.ToState(marketId).ToString()), restored.Orders.Select(o => o.ToState(marketId).ToString()));
    }

    [Fact]
    public void A_journal_decoded_from_its_bytes_replays_to_the_same_allocations()
    {
        var commands = FailoverCommands(14, 800);
        var marketId = NewMarketId();
        var live = NewCore(marketId);
        var replay = NewCore(marketId);

        var a = commands.SelectMany(c => Run(live, c).Allocations).ToList();
        var b = commands.Select(c => MarketCommandCodec.Decode(MarketCommandCodec.Encode(c))).SelectMany(c => Run(replay, c).Allocations).ToList();

        Assert.Equal(a.Select(x => Convert.ToHexString(x.Hash)), b.Select(x => Convert.ToHexString(x.Hash)));
        Assert.Equal(live.BookHash, replay.BookHash);
    }

    [Fact]
    public void The_failover_fields_survive_the_codec()
    {
        var request = Bid("b-de", "b1", 0.40m, 5_000) with { Failover = new FailoverTerms(true, Micros(0.65m)), ParentAllocationId = "m.a3" };
        var ask = Ask("p-gd", "r1", 0.40m, 5_000) with { Reserve = true };
        var refund = Bid("b-de", "b2", 0.40m, 5_000) with { Failover = FailoverTerms.Refund };

        foreach (var sent in new[] { request, ask, refund })
        {
            var decoded = (PlaceCommand)MarketCommandCodec.Decode(MarketCommandCodec.Encode(new PlaceCommand(1, sent)));
            Assert.True(OrderRequestContent.Same(sent, decoded.Request));
            Assert.Equal((sent.Reserve, sent.Failover, sent.ParentAllocationId), (decoded.Request.Reserve, decoded.Request.Failover, decoded.Request.ParentAllocationId));
        }
    }

    [Fact]
    public void A_command_journaled_before_the_failover_fields_still_decodes()
    {
        // Version 1 of a cancel, then of a place: what the journal holds from before this change.
        byte[] cancel = [1, 2, 0, 0, 0, 0, 0, 0, 0, 7, 5, 0, 0, 0, 0, 0, 0, 0];
        var current = MarketCommandCodec.Encode(new PlaceCommand(9, Bid("b-de", "b1", 0.40m, 5_000)));
        var version1 = current[..^1];
        version1[0] = 1;

        Assert.Equal(new CancelCommand(BitConverter.ToInt64(cancel.AsSpan(2)), BitConverter.ToInt64(cancel.AsSpan(10))), MarketCommandCodec.Decode(cancel));
        var place = (PlaceCommand)MarketCommandCodec.Decode(version1);
        Assert.Equal((false, null, null), (place.Request.Reserve, place.Request.Failover, place.Request.ParentAllocationId));
        Assert.Equal(5_000, place.Request.Quantity);
    }

    /// <summary>A seeded stream over one market's life: trading with reserve asks, gate closure, re-allocations, the end of delivery.</summary>
    private static List<MarketCommand> FailoverCommands(int seed, int count)
    {
        var random = new Random(seed);
        var commands = new List<MarketCommand>();
        var closeAt = count / 2;
        var endAt = count - 20;
        string[] clusters = ["hn-1", "gd-1", "gd-2"];
        for (var i = 0; i < count; i++)
        {
            var timestamp = Start.ToUnixTimeMilliseconds() + (i * 10);
            var roll = random.Next(100);
            if (i == closeAt || i == endAt)
            {
                commands.Add(new CloseCommand(timestamp));
            }
            else if (roll < 60)
            {
                var price = 0.30m + (random.Next(0, 20) * 0.01m);
                var quantity = 1_000L * random.Next(1, 20);
                var cluster = clusters[random.Next(clusters.Length)];
                var request = i > closeAt || random.Next(2) == 0
                    ? Bid("b-de", $"c{i}", price, quantity, regions: random.Next(3) == 0 ? ["guangdong"] : [], minTier: random.Next(0, 3))
                        with { ParentAllocationId = i > closeAt ? $"x.a{i}" : null }
                    : Ask(cluster == "hn-1" ? "p-hn" : "p-gd", $"c{i}", price, quantity, cluster, cluster == "hn-1" ? "hainan" : "guangdong",
                        random.Next(1, 4)) with { Reserve = random.Next(3) != 0 };
                commands.Add(new PlaceCommand(timestamp, request));
            }
            else if (roll < 80)
            {
                commands.Add(new CancelCommand(timestamp, random.Next(1, commands.Count + 1)));
            }
            else if (roll < 92)
            {
                commands.Add(new ReduceCommand(timestamp, random.Next(1, commands.Count + 1), 1_000L * random.Next(1, 10)));
            }
            else if (roll < 95)
            {
                commands.Add(new CancelClusterCommand(timestamp, clusters[random.Next(clusters.Length)]));
            }
            else
            {
                commands.Add(new TickCommand(timestamp));
            }
        }

        return commands;
    }
}
