namespace Exchange.Matching;

public sealed partial class OrderBook
{
    /// <summary>
    /// Places an order. Events: Rejected; or Accepted, then Fills in priority order, then either the
    /// remainder rests or a Cancelled (self-trade / ioc-remainder) closes it.
    /// </summary>
    public void Place<TSink>(in PlaceOrder order, ref TSink sink)
        where TSink : struct, IBookEvents
    {
        ExpireDue(order.Timestamp, ref sink);
        if (order.Side == Side.Sell)
        {
            Place<SellRules, TSink>(in order, ref sink);
        }
        else
        {
            Place<BuyRules, TSink>(in order, ref sink);
        }
    }

    private void Place<TSide, TSink>(in PlaceOrder order, ref TSink sink)
        where TSide : struct, ISideRules
        where TSink : struct, IBookEvents
    {
        var reason = Check<TSide>(in order, _now);
        if (reason != RejectReason.None)
        {
            Reject(order.Id, reason, ref sink);
            return;
        }

        bool buy = TSide.IsBuy;
        var own = buy ? _bids : _asks;
        var opposite = buy ? _asks : _bids;
        ulong key = buy ? order.Constraints.Key : order.Cluster.Key;
        ref readonly ClassSet compatible = ref CompatibleClasses(own, opposite, key, buy);
        reason = Admit<TSide>(in order, own, opposite, key, in compatible, out int limit);
        if (reason != RejectReason.None)
        {
            Reject(order.Id, reason, ref sink);
            return;
        }

        long priority = ++_sequence;
        _lastId = order.Id;
        sink.OnAccepted(new OrderAccepted(
            priority, order.Id, order.Owner, order.Side, order.Type == OrderType.Market ? 0 : order.Price, order.Quantity));
        long clusterId = buy ? 0 : order.Cluster.ClusterId;
        long remaining = Match<TSide, TSink>(opposite, in compatible, limit, order.Id, order.Owner, clusterId, order.Quantity, out bool selfTrade, ref sink);
        if (remaining == 0)
        {
            return;
        }
        if (selfTrade)
        {
            sink.OnCancelled(new OrderCancelled(++_sequence, order.Id, remaining, CancelReason.SelfTrade));
            return;
        }
        if (order.Type == OrderType.Market || order.TimeInForce is TimeInForce.Ioc or TimeInForce.Fok)
        {
            sink.OnCancelled(new OrderCancelled(++_sequence, order.Id, remaining, CancelReason.IocRemainder));
            return;
        }
        // Written straight into the pool slot: a stack template copied as one wide load stalls on store forwarding.
        int slot = ReserveSlot(own, key, out int k);
        ref var resting = ref _pool.Items[slot];
        resting.Id = order.Id;
        resting.Remaining = remaining;
        resting.Priority = priority;
        resting.ExpiresAt = order.TimeInForce == TimeInForce.Gtd ? order.ExpiresAt : 0;
        resting.ClusterId = clusterId;
        resting.Level = limit;
        resting.Owner = order.Owner;
        resting.Side = order.Side;
        resting.TimeInForce = order.TimeInForce;
        resting.PostOnly = order.PostOnly;
        Link(own, k, slot);
    }

    /// <summary>
    /// What placing the order now would be refused for (None when it would be accepted), without changing anything:
    /// no event, no sequence. Due GTD expiries are not applied first, so the answer holds for placing only
    /// when no resting GTD order expires at or before the order's timestamp.
    /// </summary>
    public RejectReason Validate(in PlaceOrder order) =>
        order.Side == Side.Sell ? Validate<SellRules>(in order) : Validate<BuyRules>(in order);

    private RejectReason Validate<TSide>(in PlaceOrder order)
        where TSide : struct, ISideRules
    {
        // Placing would first move the clock to the order's timestamp; judge expiry as of then.
        var reason = Check<TSide>(in order, Math.Max(_now, order.Timestamp));
        if (reason != RejectReason.None)
        {
            return reason;
        }

        bool buy = TSide.IsBuy;
        var own = buy ? _bids : _asks;
        var opposite = buy ? _asks : _bids;
        ulong key = buy ? order.Constraints.Key : order.Cluster.Key;
        return Admit<TSide>(in order, own, opposite, key, in CompatibleClasses(own, opposite, key, buy), out _);
    }

    /// <summary>The rules that depend on the book: liquidity for a market order, post-only, FOK, room for a new attribute set.</summary>
    private RejectReason Admit<TSide>(in PlaceOrder order, BookSide own, BookSide opposite, ulong key, in ClassSet compatible, out int limit)
        where TSide : struct, ISideRules
    {
        bool buy = TSide.IsBuy;
        if (order.Type == OrderType.Market)
        {
            int best = opposite.BestOf(in compatible);
            if (best < 0)
            {
                limit = 0;
                return RejectReason.NoLiquidity;
            }
            limit = MarketLimit(best, buy);
        }
        else
        {
            limit = LevelOf(order.Price);
            if (order.PostOnly && Crosses(opposite, in compatible, limit, buy))
            {
                return RejectReason.PostOnlyWouldCross;
            }
        }
        if (order.TimeInForce == TimeInForce.Fok && !CanFill<TSide>(opposite, in compatible, limit, order.Owner, order.Quantity))
        {
            return RejectReason.FokNotFillable;
        }
        if (own.IsFull && order.Type == OrderType.Limit && order.TimeInForce is (TimeInForce.Gtc or TimeInForce.Gtd)
            && own.Find(key) < 0 && !CanFill<TSide>(opposite, in compatible, limit, order.Owner, order.Quantity))
        {
            // Only an order whose remainder would rest needs a class of its own: one that fills at once is fine.
            return RejectReason.TooManyAttributeSets;
        }
        return RejectReason.None;
    }

    /// <summary>Validation in a fixed order, so the first failing rule names the rejection.</summary>
    private RejectReason Check<TSide>(in PlaceOrder order, long now)
        where TSide : struct, ISideRules
    {
        if (_closed)
        {
            return RejectReason.MarketClosed;
        }
        if (order.Id <= 0)
        {
            return RejectReason.InvalidOrderId;
        }
        if (order.Id <= _lastId)
        {
            return RejectReason.DuplicateOrderId; // ids arrive increasing: anything not above the high-water id was used already
        }
        if (order.Side is not (Side.Buy or Side.Sell))
        {
            return RejectReason.InvalidSide;
        }
        if (order.Type is not (OrderType.Limit or OrderType.Market))
        {
            return RejectReason.InvalidOrderType;
        }
        if (order.TimeInForce is not (TimeInForce.Gtc or TimeInForce.Gtd or TimeInForce.Ioc or TimeInForce.Fok)
            || (order.Type == OrderType.Market && order.TimeInForce is not (TimeInForce.Ioc or TimeInForce.Fok))
            || (order.PostOnly && order.TimeInForce is not (TimeInForce.Gtc or TimeInForce.Gtd)))
        {
            return RejectReason.InvalidTimeInForce;
        }
        var reason = CheckQuantity(order.Quantity);
        if (reason != RejectReason.None)
        {
            return reason;
        }
        if (order.Type == OrderType.Limit)
        {
            reason = CheckPrice(order.Price);
            if (reason != RejectReason.None)
            {
                return reason;
            }
        }
        if (order.TimeInForce == TimeInForce.Gtd && order.ExpiresAt <= now)
        {
            return RejectReason.InvalidExpiry;
        }
        bool buy = TSide.IsBuy;
        if (buy ? !order.Constraints.IsValid : !order.Cluster.IsValid)
        {
            return buy ? RejectReason.InvalidConstraints : RejectReason.InvalidAttributes;
        }
        if (order.Type == OrderType.Limit && OutOfBand(LevelOf(order.Price), buy))
        {
            return RejectReason.PriceOutOfBand;
        }
        return RejectReason.None;
    }

    private RejectReason CheckQuantity(long quantity)
    {
        if (quantity <= 0)
        {
            return RejectReason.InvalidQuantity;
        }
        if (_lot != 1 && quantity % _lot != 0)
        {
            return RejectReason.InvalidLotSize;
        }
        return quantity > _maxQuantity ? RejectReason.QuantityTooLarge : RejectReason.None;
    }

    private RejectReason CheckPrice(long price)
    {
        if (price <= 0)
        {
            return RejectReason.InvalidPrice;
        }
        if (_tick != 1 && price % _tick != 0)
        {
            return RejectReason.InvalidTickSize;
        }
        return price > _maxPrice ? RejectReason.PriceTooLarge : RejectReason.None;
    }

    /// <summary>Fat-finger guard against the opposite side's best price, whatever its attributes.</summary>
    private bool OutOfBand(int level, bool buy)
    {
        if (_limitBand == long.MaxValue)
        {
            return false;
        }
        int best = (buy ? _asks : _bids).Best();
        if (best < 0)
        {
            return false;
        }
        return buy ? level - (long)best > _limitBand : best - (long)level > _limitBand;
    }

    /// <summary>
    /// The opposite classes the order can trade with, by reference (no 136-byte copy on the hot path):
    /// every live ask for an unconstrained bid, the order's own class mask when its class rests already,
    /// otherwise a scratch field filled here. While the order matches, these sets only lose classes
    /// that emptied, which it would skip anyway, and gain none.
    /// </summary>
    private ref readonly ClassSet CompatibleClasses(BookSide own, BookSide opposite, ulong key, bool buy)
    {
        if (buy && key == 0)
        {
            return ref opposite.Live;
        }
        int k = own.Find(key);
        if (k >= 0)
        {
            return ref own.Class(k).Compatible;
        }
        opposite.CompatibleWith(key, ref _scratchCompatible);
        return ref _scratchCompatible;
    }

    private int MarketLimit(int best, bool buy)
    {
        if (_marketBand == long.MaxValue)
        {
            return buy ? int.MaxValue : 0;
        }
        return buy ? (int)Math.Min(best + _marketBand, int.MaxValue) : (int)Math.Max(best - _marketBand, 0);
    }

    private static bool Crosses(BookSide opposite, in ClassSet compatible, int limit, bool buy)
    {
        int best = opposite.BestOf(in compatible);
        return best >= 0 && (buy ? best <= limit : best >= limit);
    }

    private void Reject<TSink>(long orderId, RejectReason reason, ref TSink sink)
        where TSink : struct, IBookEvents =>
        sink.OnRejected(new OrderRejected(++_sequence, orderId, reason));
}
