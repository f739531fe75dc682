namespace Exchange.Matching;

public sealed partial class OrderBook
{
    private const long StateVersion = 1;

    /// <summary>
    /// Deterministic 64-bit hash of the full observable state: configuration grid, sequence, closure
    /// and every resting order with all its fields in priority order (bids best first, then asks).
    /// Independent of internal layout, so a restored book hashes the same as the original.
    /// </summary>
    public ulong StateHash()
    {
        var hasher = new StateHasher(0x544F5845);
        hasher.Add(StateVersion);
        hasher.Add(_lot);
        hasher.Add(_tick);
        hasher.Add(_sequence);
        hasher.Add(_closed ? 1 : 0);
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

    /// <summary>Hashes one order the way <see cref="StateHash"/> does; the reference book in the tests shares it.</summary>
    internal static void AddOrder(ref StateHasher hasher, in OrderView view)
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
        Span<int> cursor = stackalloc int[BookSide.MaxClasses];
        var orders = _pool.Items;
        int level = side.BestOf(ulong.MaxValue);
        while (level >= 0)
        {
            ulong atLevel = ClassesAt(side, side.Live, level);
            for (ulong m = atLevel; m != 0; m &= m - 1)
            {
                int k = System.Numerics.BitOperations.TrailingZeroCount(m);
                cursor[k] = side.Class(k).HeadAt(level);
            }
            while (atLevel != 0)
            {
                int pick = -1;
                long oldest = long.MaxValue;
                for (ulong m = atLevel; m != 0; m &= m - 1)
                {
                    int k = System.Numerics.BitOperations.TrailingZeroCount(m);
                    if (orders[cursor[k]].Priority < oldest)
                    {
                        oldest = orders[cursor[k]].Priority;
                        pick = k;
                    }
                }
                slots.Add(cursor[pick]);
                cursor[pick] = orders[cursor[pick]].Next;
                if (cursor[pick] == 0)
                {
                    atLevel &= ~(1UL << pick);
                }
            }
            level = NextLevel(side, ulong.MaxValue, level);
        }
    }
}
