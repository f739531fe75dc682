using Exchange.Matching;

namespace Exchange.Benchmarks.Workloads;

/// <summary>One side of the reference matcher: price levels in a sorted set, each a FIFO list of orders.</summary>
internal sealed class BookSide(Side side)
{
    private readonly SortedSet<long> _prices = [];
    private readonly Dictionary<long, LinkedList<RestingOrder>> _levels = [];

    /// <summary>The highest bid or the lowest ask; null while the side is empty.</summary>
    public long? BestPrice => _prices.Count == 0 ? null : side == Side.Buy ? _prices.Max : _prices.Min;

    public LinkedListNode<RestingOrder> Oldest(long price) => _levels[price].First!;

    public LinkedListNode<RestingOrder> Append(RestingOrder order)
    {
        if (!_levels.TryGetValue(order.Price, out var level))
        {
            level = new LinkedList<RestingOrder>();
            _levels.Add(order.Price, level);
            _prices.Add(order.Price);
        }
        return level.AddLast(order);
    }

    public void Remove(LinkedListNode<RestingOrder> node)
    {
        var level = node.List!;
        long price = node.Value.Price;
        level.Remove(node);
        if (level.Count == 0)
        {
            _levels.Remove(price);
            _prices.Remove(price);
        }
    }
}
