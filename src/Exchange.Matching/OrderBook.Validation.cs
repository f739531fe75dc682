namespace Exchange.Matching;

public sealed partial class OrderBook
{
    /// <summary>
    /// Throws <see cref="InvalidOperationException"/> on any inconsistency: broken links, wrong level
    /// totals or bitmaps, stale best pointers, id index mismatch, wrong compatibility masks, or a
    /// crossed book. Crossed means a resting bid and a resting ask that are compatible (the ask's
    /// cluster satisfies the bid's constraints) with bid price &gt;= ask price; incompatible pairs may
    /// overlap in price, since they can never trade.
    /// </summary>
    public void ValidateInternalState()
    {
        int total = ValidateSide(_bids) + ValidateSide(_asks);
        Require(total == _pool.Count, "resting order count differs from the pool count");
        Require(total == _ids.Count, "resting order count differs from the id index");
        Require(!_closed || total == 0, "orders rest in a closed market");
        Require(_restingGtd == CountGtd(), "resting GTD count is wrong");
        var bids = _bids.Live;
        while (!bids.IsEmpty)
        {
            var bid = _bids.Class(bids.TakeFirst());
            var asks = bid.Compatible;
            while (!asks.IsEmpty)
            {
                var ask = _asks.Class(asks.TakeFirst());
                Require(bid.Best < ask.Best, "book is crossed: a compatible bid is priced at or above an ask");
            }
        }
    }

    private int ValidateSide(BookSide side)
    {
        var orders = _pool.Items;
        int total = 0;
        var opposite = Other(side);
        for (int k = 0; k < BookSide.MaxClasses; k++)
        {
            bool live = side.Live.Contains(k);
            if (!live)
            {
                continue;
            }
            var queues = side.Class(k);
            Require(queues.Count > 0, "a live class has no orders");
            Require(queues.Compatible.SetEquals(opposite.CompatibleWith(queues.Key)) && CompatibleBack(side, k), "compatibility mask is stale");
            Require(side.Find(queues.Key) == k, "key index points elsewhere");
            int inClass = 0;
            int best = -1;
            Require(queues.SummariesConsistent(), "page or chunk summary bitmap is stale");
            foreach (var (firstLevel, levels, bits, _) in queues.Pages())
            {
                for (int i = 0; i < levels.Length; i++)
                {
                    int level = firstLevel + i;
                    bool set = LevelBits.IsSet(bits, i);
                    var queue = levels[i];
                    Require(set == (queue.Head != 0), "level bitmap disagrees with the queue head");
                    if (!set)
                    {
                        Require(queue.Tail == 0 && queue.Count == 0 && queue.Quantity == 0, "an empty queue has a tail or totals");
                        continue;
                    }
                    Require(level <= _maxLevel, "a queue lies beyond the highest price level");
                    if (best < 0 || Better(side.IsBid, level, best))
                    {
                        best = level;
                    }
                    int prev = 0;
                    long lastPriority = long.MinValue;
                    long quantity = 0;
                    int count = 0;
                    for (int slot = queue.Head; slot != 0; slot = orders[slot].Next)
                    {
                        ref var order = ref orders[slot];
                        Require(order.Id > 0, "a queue links a free slot");
                        Require(order.Prev == prev, "broken prev link");
                        Require(order.Level == level && order.Class == k && (order.Side == Side.Buy) == side.IsBid, "order is filed under the wrong level, class or side");
                        Require(order.Remaining > 0 && order.Remaining % _lot == 0, "resting quantity is not a positive whole number of lots");
                        Require(order.Priority > lastPriority, "queue is out of time priority");
                        Require(_ids.Find(order.Id) == slot, "id index points elsewhere");
                        Require(order.Id <= _lastId, "a resting id is above the high-water id");
                        Require(order.TimeInForce == TimeInForce.Gtd ? order.ExpiresAt > _now : order.ExpiresAt == 0, "a GTD order outlived its expiry, or a GTC order has one");
                        lastPriority = order.Priority;
                        quantity += order.Remaining;
                        count++;
                        inClass++;
                        prev = slot;
                    }
                    Require(queue.Tail == prev, "tail is not the last order");
                    Require(queue.Quantity == quantity && queue.Count == count, "level totals are wrong");
                }
            }
            Require(best == queues.NextAtOrAbove(0) || side.IsBid, "ask best disagrees with the bitmap scan");
            Require(best == queues.NextAtOrBelow(_maxLevel) || !side.IsBid, "bid best disagrees with the bitmap scan");
            Require(inClass == queues.Count, "class count is wrong");
            Require(best == queues.Best, "best level pointer is stale");
            total += inClass;
        }
        return total;
    }

    private bool CompatibleBack(BookSide side, int k)
    {
        var opposite = Other(side);
        var m = opposite.Live;
        while (!m.IsEmpty)
        {
            int j = m.TakeFirst();
            bool forward = side.Class(k).Compatible.Contains(j);
            bool backward = opposite.Class(j).Compatible.Contains(k);
            if (forward != backward)
            {
                return false;
            }
        }
        return true;
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException("order book invariant violated: " + message);
        }
    }

    private int CountGtd()
    {
        int count = 0;
        var orders = _pool.Items;
        for (int slot = 1; slot < _pool.HighWater; slot++)
        {
            if (orders[slot].Id != 0 && orders[slot].TimeInForce == TimeInForce.Gtd)
            {
                count++;
            }
        }
        return count;
    }
}
