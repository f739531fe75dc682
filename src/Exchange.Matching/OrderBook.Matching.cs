using System.Numerics;

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
        ulong compatible,
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
            ulong classes = compatible & opposite.Live;
            if (classes == 0)
            {
                break;
            }
            int level;
            ulong atLevel;
            if ((classes & (classes - 1)) == 0)
            {
                atLevel = classes;
                level = opposite.Class(BitOperations.TrailingZeroCount(classes)).Best;
            }
            else
            {
                level = opposite.BestOf(classes);
                atLevel = ClassesAt(opposite, classes, level);
            }
            if (buy ? level > limit : level < limit)
            {
                break;
            }

            long price = level * _tick;
            var orders = _pool.Items;
            while (quantity > 0 && atLevel != 0)
            {
                int k = (atLevel & (atLevel - 1)) == 0
                    ? BitOperations.TrailingZeroCount(atLevel)
                    : OldestHead(opposite, atLevel, level, orders);
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
                        atLevel &= ~(1UL << k);
                    }
                }
            }
        }
        return quantity;
    }

    private static ulong ClassesAt(BookSide side, ulong classes, int level)
    {
        ulong atLevel = 0;
        for (ulong m = classes; m != 0; m &= m - 1)
        {
            int k = BitOperations.TrailingZeroCount(m);
            if (side.Class(k).HeadAt(level) != 0)
            {
                atLevel |= 1UL << k;
            }
        }
        return atLevel;
    }

    /// <summary>The class whose queue head at this level arrived first: time priority across classes.</summary>
    private static int OldestHead(BookSide side, ulong atLevel, int level, RestingOrder[] orders)
    {
        int best = -1;
        long oldest = long.MaxValue;
        for (ulong m = atLevel; m != 0; m &= m - 1)
        {
            int k = BitOperations.TrailingZeroCount(m);
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
    private bool CanFill<TSide>(BookSide opposite, ulong compatible, int limit, int owner, long quantity)
        where TSide : struct, ISideRules
    {
        bool buy = TSide.IsBuy;
        Span<int> cursor = stackalloc int[BookSide.MaxClasses];
        var orders = _pool.Items;
        ulong classes = compatible & opposite.Live;
        long available = 0;
        int level = opposite.BestOf(classes);
        while (level >= 0 && (buy ? level <= limit : level >= limit))
        {
            ulong atLevel = ClassesAt(opposite, classes, level);
            for (ulong m = atLevel; m != 0; m &= m - 1)
            {
                int k = BitOperations.TrailingZeroCount(m);
                cursor[k] = opposite.Class(k).HeadAt(level);
            }
            while (atLevel != 0)
            {
                int pick = -1;
                long oldest = long.MaxValue;
                for (ulong m = atLevel; m != 0; m &= m - 1)
                {
                    int k = BitOperations.TrailingZeroCount(m);
                    if (orders[cursor[k]].Priority < oldest)
                    {
                        oldest = orders[cursor[k]].Priority;
                        pick = k;
                    }
                }
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
                    atLevel &= ~(1UL << pick);
                }
            }
            level = NextLevel(opposite, classes, level);
        }
        return false;
    }

    /// <summary>The next worse non-empty level after <paramref name="level"/> among the given classes, or -1.</summary>
    private static int NextLevel(BookSide side, ulong classes, int level)
    {
        int next = -1;
        for (ulong m = classes & side.Live; m != 0; m &= m - 1)
        {
            var bits = side.Class(BitOperations.TrailingZeroCount(m)).Bits;
            int candidate = side.IsBid ? LevelBits.NextAtOrBelow(bits, level - 1) : LevelBits.NextAtOrAbove(bits, level + 1);
            if (candidate >= 0 && (next < 0 || Better(side.IsBid, candidate, next)))
            {
                next = candidate;
            }
        }
        return next;
    }
}
