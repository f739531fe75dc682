using Exchange.Matching;

namespace Exchange.Matching.Tests;

public sealed class ClassCapacityTests
{
    private const int MaxSets = 1_024;

    /// <summary>A distinct ask attribute set for each index below <see cref="MaxSets"/>: region × tier × policy bits.</summary>
    private static ClusterAttributes AskSet(int i) => new(1 + (i % 7), (byte)(i % 32), (byte)((i / 32) % 4), (ushort)(i / 128));

    private static List<object> Run(OrderBook book, PlaceOrder order)
    {
        var events = new List<object>();
        var log = new EventLog(events);
        book.Place(order, ref log);
        return events;
    }

    [Fact]
    public void A_side_holds_a_thousand_and_twenty_four_attribute_sets_then_refuses_a_new_one_that_would_rest()
    {
        var book = new OrderBook(new BookConfig());
        for (int i = 0; i < MaxSets; i++)
        {
            Assert.Null(Run(book, PlaceOrder.Limit(i + 1, 200, Side.Sell, 1_000 + (i % 50), 1) with { Cluster = AskSet(i) }).Rejection());
        }
        book.ValidateInternalState();
        var newSet = new ClusterAttributes(1, 31, 3, 9);
        Assert.Equal(RejectReason.TooManyAttributeSets, Run(book, PlaceOrder.Limit(5_000, 200, Side.Sell, 2_000, 1) with { Cluster = newSet }).Rejection());
        Assert.Null(Run(book, PlaceOrder.Limit(5_001, 200, Side.Sell, 2_000, 1) with { Cluster = AskSet(5) }).Rejection());

        var cancelled = new List<object>();
        var log = new EventLog(cancelled);
        book.Cancel(1, 0, ref log); // the only order of set 0: its class is freed
        Assert.Null(Run(book, PlaceOrder.Limit(5_002, 200, Side.Sell, 2_000, 1) with { Cluster = newSet }).Rejection());
        book.ValidateInternalState();
    }

    [Fact]
    public void A_bid_with_a_new_constraint_set_that_fills_completely_is_accepted_when_every_set_is_taken()
    {
        var book = new OrderBook(new BookConfig());
        for (int i = 0; i < MaxSets; i++)
        {
            var constraints = new BidConstraints((uint)i + 1, (byte)(i % 4), 0);
            Assert.Null(Run(book, PlaceOrder.Limit(i + 1, 100, Side.Buy, 500 + (i % 50), 1) with { Constraints = constraints }).Rejection());
        }
        Run(book, PlaceOrder.Limit(2_000, 200, Side.Sell, 900, 5) with { Cluster = new ClusterAttributes(1, 0, 0, 0) });
        var newSet = new BidConstraints(0, 0, 0);

        var filled = Run(book, PlaceOrder.Limit(2_001, 100, Side.Buy, 900, 5) with { Constraints = newSet });
        Assert.Null(filled.Rejection());
        Assert.Equal(5, filled.Fills().Sum(f => f.Quantity));

        Run(book, PlaceOrder.Limit(2_002, 200, Side.Sell, 900, 5) with { Cluster = new ClusterAttributes(1, 0, 0, 0) });
        Assert.Equal(RejectReason.TooManyAttributeSets, Run(book, PlaceOrder.Limit(2_003, 100, Side.Buy, 900, 6) with { Constraints = newSet }).Rejection());
        Assert.True(book.TryGetOrder(2_002, out var untouched));
        Assert.Equal(5, untouched.Remaining);
        book.ValidateInternalState();
    }

    [Fact]
    public void Bids_in_many_classes_across_class_words_take_compatible_asks_in_price_time_order()
    {
        var t = new TestBook();
        // 200 bid constraint sets (more than three 64-class words), each accepting only its own region bit
        // pattern; one ask per region at rising prices.
        for (int i = 0; i < 200; i++)
        {
            t.Buy(i + 1, 100, 1, owner: 100 + i, constraints: new BidConstraints(1u << (i % 32), (byte)(i / 32 % 4), (ushort)(i / 128)));
        }
        var fills = t.Place(PlaceOrder.Limit(1_000, 7, Side.Sell, 100, 300) with
        {
            TimeInForce = TimeInForce.Ioc,
            Cluster = new ClusterAttributes(1, 3, 3, 1),
        }).Fills();
        // Compatible: region bit 3 (i % 32 == 3), any min tier ≤ 3, required policies ⊆ {bit 0}: oldest first.
        var expected = Enumerable.Range(0, 200).Where(i => i % 32 == 3).Select(i => (long)i + 1).ToList();
        Assert.Equal(expected, fills.Select(f => f.MakerId));
    }

    [Fact]
    public void Engine_and_reference_agree_at_the_class_cap_on_a_seeded_stream()
    {
        // Fill the ask side with every set, then mix asks from 1,100 sets (some new), bids that mostly
        // rest below the asks (some fill completely, some not), and cancels that free classes; both
        // books apply the cap the same way.
        var random = new Random(20_261_128);
        var commands = new List<Command>();
        long id = 1;
        for (int i = 0; i < MaxSets; i++)
        {
            commands.Add(new PlaceCommand(PlaceOrder.Limit(id++, 1 + (i % 9), Side.Sell, 1_000 + (i % 50), 2) with { Cluster = AskSet(i) }));
        }
        for (int i = 0; i < 160; i++)
        {
            // First half: the side stays full (no cancels, bids below the asks); second half: cancels
            // and crossing bids free classes.
            bool freeing = i >= 80;
            int roll = random.Next(10);
            if (roll < 5)
            {
                int set = random.Next(MaxSets + 300);
                var cluster = set < MaxSets ? AskSet(set) : new ClusterAttributes(1, (byte)(set % 32), 3, (ushort)(100 + set));
                commands.Add(new PlaceCommand(PlaceOrder.Limit(id++, 1 + random.Next(9), Side.Sell, 1_000 + random.Next(60), 1 + random.Next(3)) with { Cluster = cluster }));
            }
            else if (roll < 8 || !freeing)
            {
                var constraints = random.Next(3) == 0 ? default : new BidConstraints((uint)random.Next(1, 1 << 20), (byte)random.Next(4), (ushort)random.Next(4));
                long price = freeing ? 960 + random.Next(60) : 960 + random.Next(40);
                commands.Add(new PlaceCommand(PlaceOrder.Limit(id++, 10 + random.Next(3), Side.Buy, price, 1 + random.Next(6)) with { Constraints = constraints }));
            }
            else
            {
                commands.Add(new CancelCommand(1 + random.Next((int)id), 0));
            }
        }
        StreamChecker.Run(new Scenario(new BookConfig(), commands));

        // The stream must actually meet the cap both ways: refused new sets, and accepted ones after cancels freed a class.
        var book = new OrderBook(new BookConfig());
        var events = new List<object>();
        var log = new EventLog(events);
        foreach (var command in commands)
        {
            command.Apply(book, ref log);
        }
        var refused = events.OfType<OrderRejected>().Where(r => r.Reason == RejectReason.TooManyAttributeSets).Select(r => r.OrderId).ToHashSet();
        var newSetsAccepted = commands.OfType<PlaceCommand>()
            .Count(p => p.Order.Side == Side.Sell && p.Order.Cluster.Policies >= 100 && !refused.Contains(p.Order.Id));
        Assert.True(refused.Count > 0 && newSetsAccepted > 0, $"refused {refused.Count}, new sets accepted {newSetsAccepted}");
    }
}
