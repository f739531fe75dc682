namespace Exchange.Matching;

public sealed partial class OrderBook
{
    /// <summary>
    /// Fills the taker against compatible resting orders, best price first and oldest first within a
    /// price across the compatible classes. Stops at the limit, when filled, or (self-trade
    /// prevention) at the first resting order of the taker's own owner, which stays untouched.
    /// </summary>
    private long Match<TSide, TSink>(
        BookSide opposite,
        in ClassSet compatible,
        int limit,
        long takerId,
        int takerOwner,
        long takerClusterId,
        long quantity,
        out bool selfTrade,
        ref TSink sink)
        where TSide : struct, ISideRules
        where TSink : struct, IBookEvents
    {
        bool buy = TSide.IsBuy;
        selfTrade = false;
        var takerSide = buy ? Side.Buy : Side.Sell;
        while (quantity > 0)
        {
            int only = ClassSet.SingleOfIntersection(in compatible, in opposite.Live);
            if (only == -1)
            {
                break;
            }
            if (only == -2)
            {
                // Several compatible classes hold orders: merge their queues by time (kept out of line,
                // so the common single-class path carries no class-set locals).
                quantity = MatchAcrossClasses<TSide, TSink>(opposite, in compatible, limit, takerId, takerOwner, takerClusterId, quantity, out selfTrade, out bool more, ref sink);
                if (selfTrade || !more)
                {
                    return quantity;
                }
                continue;
            }
            var queues = opposite.Class(only);
            int level = queues.Best;
            if (buy ? level > limit : level < limit)
            {
                break;
            }
            long price = level * _tick;
            var orders = _pool.Items;
            ref var queue = ref queues.At(level);
            while (quantity > 0)
            {
                int slot = queue.Head;
                ref var maker = ref orders[slot];
                if (maker.Owner == takerOwner)
                {
                    selfTrade = true;
                    return quantity;
                }
                long fill = Math.Min(quantity, maker.Remaining);
                quantity -= fill;
                maker.Remaining -= fill;
                queue.Quantity -= fill;
                sink.OnFill(new Fill(
                    ++_sequence, maker.Id, takerId, maker.Owner, takerOwner, price, fill,
                    buy ? maker.ClusterId : takerClusterId, takerSide));
                if (maker.Remaining == 0)
                {
                    Unlink(slot);
                    if (queue.Head == 0)
                    {
                        break;
                    }
                }
            }
        }
        return quantity;
    }

    /// <summary>
    /// One price level of <c>Match</c> when several compatible classes rest: fills at the best level
    /// among them, oldest head first across the classes. <paramref name="more"/> is false when the
    /// next level is beyond the limit (or nothing is left).
    /// </summary>
    private long MatchAcrossClasses<TSide, TSink>(
        BookSide opposite,
        in ClassSet compatible,
        int limit,
        long takerId,
        int takerOwner,
        long takerClusterId,
        long quantity,
        out bool selfTrade,
        out bool more,
        ref TSink sink)
        where TSide : struct, ISideRules
        where TSink : struct, IBookEvents
    {
        bool buy = TSide.IsBuy;
        selfTrade = false;
        more = false;
        var takerSide = buy ? Side.Buy : Side.Sell;
        ClassSet.Intersect(in compatible, in opposite.Live, out var classes);
        int level = opposite.BestOf(in classes);
        if (level < 0 || (buy ? level > limit : level < limit))
        {
            return quantity;
        }
        more = true;
        ClassesAt(opposite, in classes, level, out var atLevel);
        long price = level * _tick;
        var orders = _pool.Items;
        while (quantity > 0 && !atLevel.IsEmpty)
        {
            int k = atLevel.IsSingle(out int single) ? single : OldestHead(opposite, in atLevel, level, orders);
            var queues = opposite.Class(k);
            ref var queue = ref queues.At(level);
            int slot = queue.Head;
            ref var maker = ref orders[slot];
            if (maker.Owner == takerOwner)
            {
                selfTrade = true;
                return quantity;
            }
            long fill = Math.Min(quantity, maker.Remaining);
            quantity -= fill;
            maker.Remaining -= fill;
            queue.Quantity -= fill;
            sink.OnFill(new Fill(
                ++_sequence, maker.Id, takerId, maker.Owner, takerOwner, price, fill,
                buy ? maker.ClusterId : takerClusterId, takerSide));
            if (maker.Remaining == 0)
            {
                Unlink(slot);
                if (queue.Head == 0)
                {
                    atLevel.Remove(k);
                }
            }
        }
        return quantity;
    }

    /// <summary>The classes of <paramref name="classes"/> with an order at <paramref name="level"/>.</summary>
    private static void ClassesAt(BookSide side, in ClassSet classes, int level, out ClassSet atLevel)
    {
        atLevel = default;
        var m = classes;
        while (!m.IsEmpty)
        {
            int k = m.TakeFirst();
            if (side.Class(k).HeadAt(level) != 0)
            {
                atLevel.Add(k);
            }
        }
    }

    /// <summary>The class whose queue head at this level arrived first: time priority across classes.</summary>
    private static int OldestHead(BookSide side, in ClassSet atLevel, int level, RestingOrder[] orders)
    {
        int best = -1;
        long oldest = long.MaxValue;
        var m = atLevel;
        while (!m.IsEmpty)
        {
            int k = m.TakeFirst();
            long priority = orders[side.Class(k).HeadAt(level)].Priority;
            if (priority < oldest)
            {
                oldest = priority;
                best = k;
            }
        }
        return best;
    }

    /// <summary>
    /// Walks the same priority order as <c>Match</c> without changing anything: could the whole
    /// quantity fill before the limit, counting only compatible orders and stopping at an own order?
    /// </summary>
    private bool CanFill<TSide>(BookSide opposite, in ClassSet compatible, int limit, int owner, long quantity)
        where TSide : struct, ISideRules
    {
        bool buy = TSide.IsBuy;
        var cursor = _cursor;
        var orders = _pool.Items;
        ClassSet.Intersect(in compatible, in opposite.Live, out var classes);
        long available = 0;
        int level = opposite.BestOf(in classes);
        while (level >= 0 && (buy ? level <= limit : level >= limit))
        {
            ClassesAt(opposite, in classes, level, out var atLevel);
            var m = atLevel;
            while (!m.IsEmpty)
            {
                int k = m.TakeFirst();
                cursor[k] = opposite.Class(k).HeadAt(level);
            }
            while (!atLevel.IsEmpty)
            {
                int pick = OldestCursor(in atLevel, cursor, orders);
                ref var order = ref orders[cursor[pick]];
                if (order.Owner == owner)
                {
                    return false;
                }
                available += order.Remaining;
                if (available >= quantity)
                {
                    return true;
                }
                cursor[pick] = order.Next;
                if (order.Next == 0)
                {
                    atLevel.Remove(pick);
                }
            }
            level = NextLevel(opposite, in classes, level);
        }
        return false;
    }

    /// <summary>The class whose cursor points at the oldest order.</summary>
    private static int OldestCursor(in ClassSet atLevel, int[] cursor, RestingOrder[] orders)
    {
        int pick = -1;
        long oldest = long.MaxValue;
        var m = atLevel;
        while (!m.IsEmpty)
        {
            int k = m.TakeFirst();
            if (orders[cursor[k]].Priority < oldest)
            {
                oldest = orders[cursor[k]].Priority;
                pick = k;
            }
        }
        return pick;
    }

    /// <summary>The next worse non-empty level after <paramref name="level"/> among the given classes, or -1.</summary>
    private static int NextLevel(BookSide side, in ClassSet classes, int level)
    {
        int next = -1;
        ClassSet.Intersect(in classes, in side.Live, out var m);
        while (!m.IsEmpty)
        {
            var queues = side.Class(m.TakeFirst());
            int candidate = side.IsBid ? queues.NextAtOrBelow(level - 1) : queues.NextAtOrAbove(level + 1);
            if (candidate >= 0 && (next < 0 || Better(side.IsBid, candidate, next)))
            {
                next = candidate;
            }
        }
        return next;
    }
}
