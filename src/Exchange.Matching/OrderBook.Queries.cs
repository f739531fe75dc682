namespace Exchange.Matching;

public sealed partial class OrderBook
{
    /// <summary>Looks up a resting order; false once it has filled, been cancelled or expired.</summary>
    public bool TryGetOrder(long orderId, out OrderView view)
    {
        int slot = orderId > 0 ? _ids.Find(orderId) : 0;
        if (slot == 0)
        {
            view = default;
            return false;
        }
        view = ViewOf(slot);
        return true;
    }

    /// <summary>Best bid and ask, aggregated over every attribute class.</summary>
    public TopOfBook GetTop() => new(LevelAt(_bids, _bids.Best()), LevelAt(_asks, _asks.Best()));

    /// <summary>Fills <paramref name="levels"/> with aggregated levels of one side, best first; returns how many.</summary>
    public int GetDepth(Side side, Span<DepthLevel> levels)
    {
        var book = SideOf(side);
        int count = 0;
        var all = book.Live;
        int level = book.Best();
        while (level >= 0 && count < levels.Length)
        {
            levels[count++] = LevelAt(book, level);
            level = NextLevel(book, in all, level);
        }
        return count;
    }

    private DepthLevel LevelAt(BookSide side, int level)
    {
        if (level < 0)
        {
            return default;
        }
        var (quantity, count) = side.Aggregate(level);
        return new DepthLevel(level * _tick, quantity, count);
    }

    private OrderView ViewOf(int slot)
    {
        ref var order = ref _pool.Items[slot];
        ulong key = SideOf(order.Side).Class(order.Class).Key;
        bool buy = order.Side == Side.Buy;
        var cluster = buy
            ? default
            : new ClusterAttributes(order.ClusterId, (byte)(key & 0xFF), (byte)((key >> 8) & 0xFF), (ushort)((key >> 16) & 0xFFFF));
        var constraints = buy
            ? new BidConstraints((uint)key, (byte)((key >> 32) & 0xFF), (ushort)((key >> 40) & 0xFFFF))
            : default;
        return new OrderView(
            order.Id, order.Owner, order.Side, order.Level * _tick, order.Remaining, order.Priority,
            order.TimeInForce, order.ExpiresAt, order.PostOnly, cluster, constraints);
    }
}
