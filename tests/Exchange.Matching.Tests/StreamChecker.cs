using Exchange.Matching;

namespace Exchange.Matching.Tests;

/// <summary>
/// Drives the engine and the reference book with one stream and checks, after every command: same
/// events, same resting orders and state hash, valid internals, not crossed, quantity conserved,
/// and every fill within both limits, between different owners, and inside the bid's constraints.
/// </summary>
internal sealed class StreamChecker
{
    private readonly OrderBook _engine;
    private readonly ReferenceBook _reference;
    private readonly List<object> _engineEvents = [];
    private readonly List<object> _referenceEvents = [];
    private readonly Dictionary<long, PlaceOrder> _orders = [];
    private long _accepted;
    private long _gone;

    public StreamChecker(BookConfig config)
    {
        _engine = new OrderBook(config);
        _reference = new ReferenceBook(config);
    }

    public static void Run(Scenario scenario)
    {
        var checker = new StreamChecker(scenario.Config);
        for (int i = 0; i < scenario.Commands.Count; i++)
        {
            checker.Step(scenario.Commands[i], i);
        }
    }

    private void Step(Command command, int index)
    {
        int from = _engineEvents.Count;
        var log = new EventLog(_engineEvents);
        command.Apply(_engine, ref log);
        command.Apply(_reference, _referenceEvents);
        _engine.ValidateInternalState();
        for (int i = from; i < Math.Max(_engineEvents.Count, _referenceEvents.Count); i++)
        {
            object? ours = i < _engineEvents.Count ? _engineEvents[i] : null;
            object? theirs = i < _referenceEvents.Count ? _referenceEvents[i] : null;
            if (!Equals(ours, theirs))
            {
                throw new InvalidOperationException($"command {index} ({command}): event {i} differs\n engine:    {ours}\n reference: {theirs}");
            }
        }
        var resting = _engine.RestingOrders();
        string expected = _reference.StateDump();
        string actual = ReferenceBook.EngineDump(_engine);
        if (expected != actual)
        {
            throw new InvalidOperationException($"command {index} ({command}): state differs\n engine:\n{actual}\n reference:\n{expected}");
        }
        for (int i = from; i < _engineEvents.Count; i++)
        {
            Account(command, _engineEvents[i]);
        }
        long restingQuantity = resting.Sum(o => o.Remaining);
        Assert.True(_accepted == _gone + restingQuantity, $"command {index}: quantity not conserved");
        AssertNotCrossed(resting, index);
    }

    private void Account(Command command, object e)
    {
        switch (e)
        {
            case OrderAccepted a:
                _accepted += a.Quantity;
                if (command is PlaceCommand p)
                {
                    _orders[a.OrderId] = p.Order;
                }
                else if (command is ReplaceCommand r)
                {
                    _orders[a.OrderId] = _orders[a.OrderId] with { Price = r.NewPrice, Quantity = r.NewQuantity };
                }
                break;
            case Fill f:
                _gone += 2 * f.Quantity;
                AssertFillRespectsOrders(f);
                break;
            case OrderCancelled c:
                _gone += c.Remaining;
                break;
            case OrderExpired x:
                _gone += x.Remaining;
                break;
            case OrderReduced d:
                _gone += d.ReducedBy;
                break;
            default:
                break;
        }
    }

    private void AssertFillRespectsOrders(Fill f)
    {
        var buyer = _orders[f.BuyerId];
        var seller = _orders[f.SellerId];
        var maker = _orders[f.MakerId];
        Assert.NotEqual(f.MakerOwner, f.TakerOwner);
        Assert.Equal(maker.Price, f.Price);
        Assert.True(buyer.Type == OrderType.Market || buyer.Price >= f.Price, $"fill {f} above the buyer's limit");
        Assert.True(seller.Type == OrderType.Market || seller.Price <= f.Price, $"fill {f} below the seller's limit");
        Assert.True(ReferenceBook.Compatible(seller.Cluster, buyer.Constraints), $"fill {f} breaks the bid's constraints");
        Assert.Equal(seller.Cluster.ClusterId, f.ClusterId);
        Assert.True(f.Quantity > 0);
    }

    /// <summary>Crossed: some resting bid and ask that could trade (compatible) with bid price at or above ask price.</summary>
    private static void AssertNotCrossed(List<OrderView> resting, int index)
    {
        foreach (var bid in resting.Where(o => o.Side == Side.Buy))
        {
            foreach (var ask in resting.Where(o => o.Side == Side.Sell))
            {
                if (bid.Price >= ask.Price && ReferenceBook.Compatible(ask.Cluster, bid.Constraints))
                {
                    throw new InvalidOperationException($"command {index}: book crossed between bid {bid.OrderId} and ask {ask.OrderId}");
                }
            }
        }
    }
}
