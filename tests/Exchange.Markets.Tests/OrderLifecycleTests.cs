using Exchange.Markets;

namespace Exchange.Markets.Tests;

/// <summary>An order's life told from a replay of its market's commands, with nothing but the markets library.</summary>
public sealed class OrderLifecycleTests
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string MarketId = new MarketId("chat-70b", Start.AddHours(5)).ToString();
    private static readonly MarketRules Rules = new(60, 1_000, 10_000, 1_000_000_000, 1_000_000_000, 500, ["hainan", "guangdong"], ["zdr"]);

    private static long At(int seconds) => Start.AddSeconds(seconds).ToUnixTimeMilliseconds();

    private static PlaceCommand Ask(int at, string id, long price, long quantity) => new(At(at), new OrderRequest(
        "p-hn", id, OrderSide.Sell, OrderKind.Limit, price, quantity, OrderTimeInForce.Gtc, null, false,
        new SellerCluster("hn-1", "hainan", 2, []), null, "CN"));

    private static PlaceCommand Bid(int at, string id, long price, long quantity) => new(At(at), new OrderRequest(
        "b-de", id, OrderSide.Buy, OrderKind.Limit, price, quantity, OrderTimeInForce.Gtc, null, false,
        null, new BuyerConstraints([], 0, []), "DE"));

    private static IReadOnlyList<LifecycleEvent>? Replay(string orderId, params MarketCommand[] journal)
    {
        var core = new MarketCore(MarketId, Rules);
        var life = new OrderLifecycle(orderId);
        for (var i = 0; i < journal.Length && !life.Done; i++)
        {
            life.Observe(i + 1, journal[i], core.Apply(i + 1, journal[i]));
        }

        return life.Events;
    }

    [Fact]
    public void A_bid_is_accepted_filled_in_part_reduced_and_cancelled_in_that_order()
    {
        var bidId = OrderIds.Format(MarketId, 2);

        var events = Replay(bidId,
            Ask(1, "a1", 400_000, 2_000),
            Bid(2, "b1", 450_000, 6_000),
            new ReduceCommand(At(3), 2, 5_000),
            Ask(4, "a2", 500_000, 1_000),
            new CancelCommand(At(5), 2),
            Ask(6, "a3", 400_000, 1_000));

        Assert.NotNull(events);
        Assert.Equal(["accepted", "fill", "reduced", "cancelled"], events.Select(e => e.Type));
        Assert.Equal([6_000L, 2_000, 1_000, 3_000], events.Select(e => e.Quantity));
        Assert.Equal([450_000L, 400_000], events.Take(2).Select(e => e.PriceMicros!.Value));
        Assert.Equal($"{MarketId}.a1", events[1].AllocationId);
        Assert.Equal([2L, 2, 3, 5], events.Select(e => e.Sequence));
    }

    [Fact]
    public void A_refused_placement_has_no_life()
    {
        var refused = OrderIds.Format(MarketId, 1);

        Assert.Null(Replay(refused, Bid(1, "b1", 455_000, 1_000)));
    }
}
