namespace Exchange.Matching;

public sealed partial class OrderBook
{
    /// <summary>Rests a copy of <paramref name="template"/> (replace and restore; placement writes its slot directly).</summary>
    private void Rest(in RestingOrder template, ulong key)
    {
        var side = SideOf(template.Side);
        int slot = ReserveSlot(side, key, out int k);
        ref var order = ref _pool.Items[slot];
        order = template;
        Link(side, k, slot);
    }

    /// <summary>Makes sure the order's class is live, then hands out a free slot for it.</summary>
    private int ReserveSlot(BookSide side, ulong key, out int k)
    {
        k = side.Find(key);
        if (k < 0)
        {
            k = side.Register(key, Other(side));
        }
        return _pool.Allocate();
    }

    /// <summary>Appends a filled-in slot to the tail of its class queue at its level: it is the newest at that price.</summary>
    private void Link(BookSide side, int k, int slot)
    {
        var orders = _pool.Items;
        ref var order = ref orders[slot];
        order.Class = (ushort)k;
        order.Next = 0;
        int level = order.Level;
        var queues = side.Class(k);
        ref var queue = ref queues.At(level);
        int tail = queue.Tail;
        if (tail == 0)
        {
            order.Prev = 0;
            queue.Head = slot;
            queues.SetBit(level);
            if (queues.Count == 0 || Better(side.IsBid, level, queues.Best))
            {
                queues.Best = level;
            }
        }
        else
        {
            order.Prev = tail;
            orders[tail].Next = slot;
        }
        queue.Tail = slot;
        queue.Quantity += order.Remaining;
        queue.Count++;
        queues.Count++;
        _ids.Add(order.Id, slot);
        if (order.TimeInForce == TimeInForce.Gtd)
        {
            _restingGtd++;
            _expiries.Push(order.ExpiresAt, order.Priority, slot);
            if (_expiries.Count > (2 * _restingGtd) + 1_024)
            {
                CompactExpiries();
            }
        }
    }

    /// <summary>Takes an order out of the book and frees its slot; the caller has read what it needs first.</summary>
    private void Unlink(int slot)
    {
        var orders = _pool.Items;
        ref var order = ref orders[slot];
        var side = SideOf(order.Side);
        int k = order.Class;
        var queues = side.Class(k);
        int level = order.Level;
        ref var queue = ref queues.At(level);
        if (order.Prev == 0)
        {
            queue.Head = order.Next;
        }
        else
        {
            orders[order.Prev].Next = order.Next;
        }
        if (order.Next == 0)
        {
            queue.Tail = order.Prev;
        }
        else
        {
            orders[order.Next].Prev = order.Prev;
        }
        if (order.TimeInForce == TimeInForce.Gtd)
        {
            _restingGtd--;
        }
        queue.Quantity -= order.Remaining;
        queue.Count--;
        queues.Count--;
        if (queue.Head == 0)
        {
            queues.ClearBit(level);
            if (queues.Count > 0 && queues.Best == level)
            {
                queues.Best = side.IsBid ? queues.NextAtOrBelow(level) : queues.NextAtOrAbove(level);
            }
        }
        if (queues.Count == 0)
        {
            side.Unregister(k, Other(side));
        }
        _ids.Remove(order.Id);
        _pool.Release(slot);
    }

    /// <summary>
    /// Entries of GTD orders that left early stay in the heap until their time; when they outnumber
    /// the live ones, rebuild it from the resting orders so cancel-heavy GTD flow cannot grow it.
    /// </summary>
    private void CompactExpiries()
    {
        _expiries.Clear();
        var orders = _pool.Items;
        for (int slot = 1; slot < _pool.HighWater; slot++)
        {
            ref var order = ref orders[slot];
            if (order.Id != 0 && order.TimeInForce == TimeInForce.Gtd)
            {
                _expiries.Push(order.ExpiresAt, order.Priority, slot);
            }
        }
    }
}
