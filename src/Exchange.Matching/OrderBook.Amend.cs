namespace Exchange.Matching;

public sealed partial class OrderBook
{
    /// <summary>Cancels a resting order: Cancelled(user), or Rejected(unknown-order) if it already filled or left.</summary>
    public void Cancel<TSink>(long orderId, long timestamp, ref TSink sink)
        where TSink : struct, IBookEvents
    {
        ExpireDue(timestamp, ref sink);
        int slot = FindResting(orderId, ref sink);
        if (slot == 0)
        {
            return;
        }
        long remaining = _pool.Items[slot].Remaining;
        Unlink(slot);
        sink.OnCancelled(new OrderCancelled(++_sequence, orderId, remaining, CancelReason.User));
    }

    /// <summary>
    /// Lowers a resting order's remaining quantity to <paramref name="newRemaining"/> (strictly less,
    /// above zero, whole lots) and keeps its time priority: Reduced, or Rejected.
    /// </summary>
    public void Reduce<TSink>(long orderId, long newRemaining, long timestamp, ref TSink sink)
        where TSink : struct, IBookEvents
    {
        ExpireDue(timestamp, ref sink);
        int slot = FindResting(orderId, ref sink);
        if (slot == 0)
        {
            return;
        }
        ref var order = ref _pool.Items[slot];
        if (newRemaining <= 0 || newRemaining >= order.Remaining)
        {
            Reject(orderId, RejectReason.InvalidQuantity, ref sink);
            return;
        }
        if (_lot != 1 && newRemaining % _lot != 0)
        {
            Reject(orderId, RejectReason.InvalidLotSize, ref sink);
            return;
        }
        long delta = order.Remaining - newRemaining;
        order.Remaining = newRemaining;
        SideOf(order.Side).Class(order.Class).At(order.Level).Quantity -= delta;
        sink.OnReduced(new OrderReduced(++_sequence, orderId, newRemaining, delta));
    }

    /// <summary>
    /// Cancel-and-replace under the same id: the order keeps its owner, side, time in force, expiry,
    /// post-only flag and cluster or constraints, but takes a new price and remaining quantity and
    /// loses its time priority (even if neither changed). Events: Rejected (the order stays as it
    /// was), or Cancelled(replaced) then Accepted and whatever a new order at that price would do.
    /// </summary>
    public void Replace<TSink>(long orderId, long newPrice, long newQuantity, long timestamp, ref TSink sink)
        where TSink : struct, IBookEvents
    {
        ExpireDue(timestamp, ref sink);
        int slot = FindResting(orderId, ref sink);
        if (slot == 0)
        {
            return;
        }
        var reason = CheckQuantity(newQuantity);
        if (reason == RejectReason.None)
        {
            reason = CheckPrice(newPrice);
        }
        var old = _pool.Items[slot];
        bool buy = old.Side == Side.Buy;
        int limit = LevelOf(newPrice);
        if (reason == RejectReason.None && OutOfBand(limit, buy))
        {
            reason = RejectReason.PriceOutOfBand;
        }
        var own = SideOf(old.Side);
        var opposite = Other(own);
        ulong key = own.Class(old.Class).Key;
        var compatible = own.Class(old.Class).Compatible;
        if (reason == RejectReason.None && old.PostOnly && Crosses(opposite, in compatible, limit, buy))
        {
            reason = RejectReason.PostOnlyWouldCross;
        }
        if (reason != RejectReason.None)
        {
            Reject(orderId, reason, ref sink);
            return;
        }

        Unlink(slot);
        sink.OnCancelled(new OrderCancelled(++_sequence, orderId, old.Remaining, CancelReason.Replaced));
        long priority = ++_sequence;
        sink.OnAccepted(new OrderAccepted(priority, orderId, old.Owner, old.Side, newPrice, newQuantity));
        long remaining = buy
            ? Match<BuyRules, TSink>(opposite, in compatible, limit, orderId, old.Owner, old.ClusterId, newQuantity, out bool selfTrade, ref sink)
            : Match<SellRules, TSink>(opposite, in compatible, limit, orderId, old.Owner, old.ClusterId, newQuantity, out selfTrade, ref sink);
        if (remaining == 0)
        {
            return;
        }
        if (selfTrade)
        {
            sink.OnCancelled(new OrderCancelled(++_sequence, orderId, remaining, CancelReason.SelfTrade));
            return;
        }
        old.Remaining = remaining;
        old.Priority = priority;
        old.Level = limit;
        Rest(in old, key);
    }

    /// <summary>The slot of a resting order, or 0 after emitting the rejection that says why not.</summary>
    private int FindResting<TSink>(long orderId, ref TSink sink)
        where TSink : struct, IBookEvents
    {
        if (_closed)
        {
            Reject(orderId, RejectReason.MarketClosed, ref sink);
            return 0;
        }
        int slot = orderId > 0 ? _ids.Find(orderId) : 0;
        if (slot == 0)
        {
            Reject(orderId, RejectReason.UnknownOrder, ref sink);
        }
        return slot;
    }
}
