namespace Exchange.Matching;

public sealed partial class OrderBook
{
    /// <summary>
    /// Moves the book's clock to <paramref name="timestamp"/> if that is later, and expires the GTD
    /// orders due by the clock (expiresAt &lt;= clock) without any other command. Every command does this
    /// first with its own timestamp, so expiry depends only on the command stream; a timestamp earlier
    /// than one already seen leaves the clock where it is. Due orders expire in (expiresAt, priority) order.
    /// </summary>
    public void AdvanceTime<TSink>(long timestamp, ref TSink sink)
        where TSink : struct, IBookEvents => ExpireDue(timestamp, ref sink);

    /// <summary>Gate closure: every resting order expires, oldest priority first, and the market stays closed.</summary>
    public void Close<TSink>(long timestamp, ref TSink sink)
        where TSink : struct, IBookEvents
    {
        ExpireDue(timestamp, ref sink);
        if (_closed)
        {
            return;
        }
        _closed = true;
        foreach (int slot in SlotsByPriority(clusterAsks: null))
        {
            long id = _pool.Items[slot].Id;
            long remaining = _pool.Items[slot].Remaining;
            Unlink(slot);
            sink.OnExpired(new OrderExpired(++_sequence, id, remaining));
        }
        _expiries.Clear();
    }

    /// <summary>The cluster went offline: its resting asks are cancelled (cluster-offline), oldest priority first.</summary>
    public void CancelCluster<TSink>(long clusterId, long timestamp, ref TSink sink)
        where TSink : struct, IBookEvents
    {
        ExpireDue(timestamp, ref sink);
        foreach (int slot in SlotsByPriority(clusterAsks: clusterId))
        {
            long id = _pool.Items[slot].Id;
            long remaining = _pool.Items[slot].Remaining;
            Unlink(slot);
            sink.OnCancelled(new OrderCancelled(++_sequence, id, remaining, CancelReason.ClusterOffline));
        }
    }

    private void ExpireDue<TSink>(long timestamp, ref TSink sink)
        where TSink : struct, IBookEvents
    {
        if (timestamp > _now)
        {
            _now = timestamp;
        }
        while (_expiries.Count != 0 && _expiries.NextExpiry <= _now)
        {
            var (priority, slot) = _expiries.Pop();
            ref var order = ref _pool.Items[slot];
            if (order.Id == 0 || order.Priority != priority)
            {
                continue;
            }
            long id = order.Id;
            long remaining = order.Remaining;
            Unlink(slot);
            sink.OnExpired(new OrderExpired(++_sequence, id, remaining));
        }
    }

    /// <summary>Resting slots in priority order: all of them, or the asks of one cluster. Admin commands are rare, so a sorted list is fine.</summary>
    private List<int> SlotsByPriority(long? clusterAsks)
    {
        var found = new List<(long Priority, int Slot)>();
        var orders = _pool.Items;
        for (int slot = 1; slot < _pool.HighWater; slot++)
        {
            ref var order = ref orders[slot];
            if (order.Id != 0 && (clusterAsks is null || (order.Side == Side.Sell && order.ClusterId == clusterAsks)))
            {
                found.Add((order.Priority, slot));
            }
        }
        found.Sort();
        var slots = new List<int>(found.Count);
        foreach (var (_, slot) in found)
        {
            slots.Add(slot);
        }
        return slots;
    }
}
