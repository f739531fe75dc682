namespace Exchange.Matching;

public sealed partial class OrderBook
{
    private const long StateVersion = 2;

    /// <summary>
    /// Deterministic 64-bit hash of the full observable state: configuration (grid and limits), sequence,
    /// closure, clock, highest accepted id and every resting order with all its fields in priority order (bids best first, then asks).
    /// Independent of internal layout, so a restored book hashes the same as the original.
    /// </summary>
    public ulong StateHash()
    {
        var hasher = new StateHasher(0x544F5845);
        hasher.Add(StateVersion);
        hasher.Add(_lot);
        hasher.Add(_tick);
        hasher.Add(_maxPrice);
        hasher.Add(_maxQuantity);
        hasher.Add(Config.MarketBandTicks ?? -1);
        hasher.Add(Config.LimitBandTicks ?? -1);
        hasher.Add(_sequence);
        hasher.Add(_closed ? 1 : 0);
        hasher.Add(_now);
        hasher.Add(_lastId);
        hasher.Add(_pool.Count);
        foreach (var view in RestingOrders())
        {
            AddOrder(ref hasher, in view);
        }
        return hasher.Finish();
    }

    /// <summary>Every resting order in canonical order: bids best price first, then asks; oldest first within a price.</summary>
    public List<OrderView> RestingOrders()
    {
        var views = new List<OrderView>(_pool.Count);
        foreach (int slot in CanonicalSlots())
        {
            views.Add(ViewOf(slot));
        }
        return views;
    }

    private static void AddOrder(ref StateHasher hasher, in OrderView view)
    {
        hasher.Add(view.OrderId);
        hasher.Add(view.Owner);
        hasher.Add((long)view.Side);
        hasher.Add(view.Price);
        hasher.Add(view.Remaining);
        hasher.Add(view.Priority);
        hasher.Add((long)view.TimeInForce);
        hasher.Add(view.ExpiresAt);
        hasher.Add(view.PostOnly ? 1 : 0);
        hasher.Add(view.Cluster.ClusterId);
        hasher.Add((long)view.Cluster.Key);
        hasher.Add((long)view.Constraints.Key);
    }

    private List<int> CanonicalSlots()
    {
        var slots = new List<int>(_pool.Count);
        AppendCanonical(_bids, slots);
        AppendCanonical(_asks, slots);
        return slots;
    }

    private void AppendCanonical(BookSide side, List<int> slots)
    {
        var cursor = _cursor;
        var orders = _pool.Items;
        var all = side.Live;
        int level = side.Best();
        while (level >= 0)
        {
            ClassesAt(side, in all, level, out var atLevel);
            var m = atLevel;
            while (!m.IsEmpty)
            {
                int k = m.TakeFirst();
                cursor[k] = side.Class(k).HeadAt(level);
            }
            while (!atLevel.IsEmpty)
            {
                int pick = OldestCursor(in atLevel, cursor, orders);
                slots.Add(cursor[pick]);
                cursor[pick] = orders[cursor[pick]].Next;
                if (cursor[pick] == 0)
                {
                    atLevel.Remove(pick);
                }
            }
            level = NextLevel(side, in all, level);
        }
    }
}
