using Exchange.Matching;

namespace Exchange.Benchmarks.Workloads;

/// <summary>
/// The oracle for workload files, plain on purpose so that it is obviously right: price-time priority,
/// trades at the maker's price, partial fills, no self-trade prevention, a market order's remainder
/// cancelled. The engine must make exactly its trades from the same stream.
/// </summary>
public sealed class ReferenceMatcher(ITradeListener listener)
{
    private readonly BookSide _bids = new(Side.Buy);
    private readonly BookSide _asks = new(Side.Sell);
    private readonly Dictionary<long, LinkedListNode<RestingOrder>> _orders = [];

    public int RestingCount => _orders.Count;

    public long? BestPrice(Side side) => Book(side).BestPrice;

    /// <summary>Matches what it can, then rests the remainder; true when something rests.</summary>
    public bool Limit(long id, Side side, long price, long quantity)
    {
        long remaining = Match(id, side, price, quantity);
        if (remaining == 0)
        {
            return false;
        }
        _orders.Add(id, Book(side).Append(new RestingOrder(id, side, price, remaining)));
        return true;
    }

    public void Market(long id, Side side, long quantity) => Match(id, side, limit: null, quantity);

    /// <summary>False when the order is not resting (filled, cancelled, or never placed): nothing happens then.</summary>
    public bool Cancel(long id)
    {
        if (!_orders.Remove(id, out var node))
        {
            return false;
        }
        Book(node.Value.Side).Remove(node);
        return true;
    }

    private long Match(long takerId, Side side, long? limit, long quantity)
    {
        var makers = Book(side == Side.Buy ? Side.Sell : Side.Buy);
        while (quantity > 0 && makers.BestPrice is long price && Acceptable(side, price, limit))
        {
            var node = makers.Oldest(price);
            var maker = node.Value;
            long filled = Math.Min(maker.Remaining, quantity);
            maker.Remaining -= filled;
            quantity -= filled;
            bool makerFilled = maker.Remaining == 0;
            if (makerFilled)
            {
                makers.Remove(node);
                _orders.Remove(maker.Id);
            }
            listener.OnTrade(new ReferenceTrade(maker.Id, takerId, price, filled), makerFilled);
        }
        return quantity;
    }

    private static bool Acceptable(Side takerSide, long price, long? limit) =>
        limit is not long most || (takerSide == Side.Buy ? price <= most : price >= most);

    private BookSide Book(Side side) => side == Side.Buy ? _bids : _asks;
}
