using System.Globalization;
using Exchange.Matching;

namespace Exchange.Matching.Tests;

/// <summary>
/// The obviously-correct book: one list of resting orders, linear scans and sorts for everything.
/// It implements the documented rules directly (prices, not levels; attributes, not class masks) so
/// the differential tests compare the fast engine against the rules, not against itself.
/// </summary>
internal sealed class ReferenceBook(BookConfig config)
{
    private const int MaxAttributeSets = 1_024;
    private readonly List<Order> _resting = [];
    private long _sequence;
    private bool _closed;
    private long _now = long.MinValue;
    private long _lastId;

    public IEnumerable<OrderView> RestingOrders() =>
        _resting.Where(o => o.Side == Side.Buy).OrderByDescending(o => o.Price).ThenBy(o => o.Priority)
            .Concat(_resting.Where(o => o.Side == Side.Sell).OrderBy(o => o.Price).ThenBy(o => o.Priority))
            .Select(o => o.View());

    /// <summary>
    /// The whole observable state as text, written from the reference's own list: header (sequence,
    /// closure, clock, highest accepted id, order count), every resting order in canonical order and
    /// the aggregated depth of both sides. <see cref="EngineDump"/> writes the same from the engine's API.
    /// </summary>
    public string StateDump()
    {
        var orders = RestingOrders().ToList();
        return Dump(_sequence, _closed, _now, _lastId, orders, Depth(orders, Side.Buy), Depth(orders, Side.Sell));
    }

    /// <summary>The engine's state in <see cref="StateDump"/>'s format, from its public and test-visible API only.</summary>
    public static string EngineDump(OrderBook book)
    {
        var bids = new DepthLevel[book.OrderCount + 1];
        var asks = new DepthLevel[book.OrderCount + 1];
        int b = book.GetDepth(Side.Buy, bids);
        int a = book.GetDepth(Side.Sell, asks);
        return Dump(book.Sequence, book.IsClosed, book.Now, book.HighestId, book.RestingOrders(), bids[..b], asks[..a]);
    }

    private static string Dump(long sequence, bool closed, long now, long lastId, List<OrderView> orders, DepthLevel[] bids, DepthLevel[] asks)
    {
        var text = new System.Text.StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"seq={sequence} closed={closed} now={now} lastId={lastId} count={orders.Count}\n");
        foreach (var o in orders)
        {
            text.Append(CultureInfo.InvariantCulture, $"{o}\n");
        }
        foreach (var d in bids)
        {
            text.Append(CultureInfo.InvariantCulture, $"bid {d}\n");
        }
        foreach (var d in asks)
        {
            text.Append(CultureInfo.InvariantCulture, $"ask {d}\n");
        }
        return text.ToString();
    }

    private static DepthLevel[] Depth(List<OrderView> orders, Side side) =>
        orders.Where(o => o.Side == side)
            .GroupBy(o => o.Price)
            .Select(g => new DepthLevel(g.Key, g.Sum(o => o.Remaining), g.Count()))
            .OrderBy(d => side == Side.Buy ? -d.Price : d.Price)
            .ToArray();

    public void Place(PlaceOrder o, List<object> events)
    {
        Expire(o.Timestamp, events);
        var reason = Check(o);
        if (reason != RejectReason.None)
        {
            events.Add(new OrderRejected(++_sequence, o.Id, reason));
            return;
        }
        long? limit = o.Type == OrderType.Limit ? o.Price : null;
        var probe = NewOrder(o, o.Quantity, 0);
        if (o.Type == OrderType.Market)
        {
            var best = Candidates(probe, null).FirstOrDefault();
            if (best is null)
            {
                events.Add(new OrderRejected(++_sequence, o.Id, RejectReason.NoLiquidity));
                return;
            }
            if (config.MarketBandTicks is long band)
            {
                limit = o.Side == Side.Buy ? best.Price + (band * config.TickSize) : best.Price - (band * config.TickSize);
            }
        }
        else if (o.PostOnly && Candidates(probe, limit).Any())
        {
            events.Add(new OrderRejected(++_sequence, o.Id, RejectReason.PostOnlyWouldCross));
            return;
        }
        if (o.TimeInForce == TimeInForce.Fok && !CanFill(probe, limit))
        {
            events.Add(new OrderRejected(++_sequence, o.Id, RejectReason.FokNotFillable));
            return;
        }
        bool rests = o.Type == OrderType.Limit && o.TimeInForce is TimeInForce.Gtc or TimeInForce.Gtd;
        if (rests && NewSetWhenFull(o) && !CanFill(probe, limit))
        {
            events.Add(new OrderRejected(++_sequence, o.Id, RejectReason.TooManyAttributeSets));
            return;
        }
        _lastId = o.Id;
        probe.Priority = ++_sequence;
        events.Add(new OrderAccepted(probe.Priority, o.Id, o.Owner, o.Side, limit is null ? 0 : o.Price, o.Quantity));
        MatchAndRest(probe, limit, rests, events);
    }

    public void Cancel(long id, long timestamp, List<object> events)
    {
        Expire(timestamp, events);
        var order = Resting(id, events);
        if (order is not null)
        {
            _resting.Remove(order);
            events.Add(new OrderCancelled(++_sequence, id, order.Remaining, CancelReason.User));
        }
    }

    public void Reduce(long id, long newRemaining, long timestamp, List<object> events)
    {
        Expire(timestamp, events);
        var order = Resting(id, events);
        if (order is null)
        {
            return;
        }
        if (newRemaining <= 0 || newRemaining >= order.Remaining)
        {
            events.Add(new OrderRejected(++_sequence, id, RejectReason.InvalidQuantity));
        }
        else if (newRemaining % config.LotSize != 0)
        {
            events.Add(new OrderRejected(++_sequence, id, RejectReason.InvalidLotSize));
        }
        else
        {
            long by = order.Remaining - newRemaining;
            order.Remaining = newRemaining;
            events.Add(new OrderReduced(++_sequence, id, newRemaining, by));
        }
    }

    public void Replace(long id, long price, long quantity, long timestamp, List<object> events)
    {
        Expire(timestamp, events);
        var order = Resting(id, events);
        if (order is null)
        {
            return;
        }
        var reason = QuantityRule(quantity);
        if (reason == RejectReason.None)
        {
            reason = PriceRule(price);
        }
        if (reason == RejectReason.None && OutOfBand(order.Side, price))
        {
            reason = RejectReason.PriceOutOfBand;
        }
        if (reason == RejectReason.None && order.PostOnly && Candidates(order, price).Any())
        {
            reason = RejectReason.PostOnlyWouldCross;
        }
        if (reason != RejectReason.None)
        {
            events.Add(new OrderRejected(++_sequence, id, reason));
            return;
        }
        _resting.Remove(order);
        events.Add(new OrderCancelled(++_sequence, id, order.Remaining, CancelReason.Replaced));
        order.Price = price;
        order.Remaining = quantity;
        order.Priority = ++_sequence;
        events.Add(new OrderAccepted(order.Priority, id, order.Owner, order.Side, price, quantity));
        MatchAndRest(order, price, rests: true, events);
    }

    public void CancelCluster(long clusterId, long timestamp, List<object> events)
    {
        Expire(timestamp, events);
        foreach (var order in _resting.Where(o => o.Side == Side.Sell && o.Cluster.ClusterId == clusterId).OrderBy(o => o.Priority).ToList())
        {
            _resting.Remove(order);
            events.Add(new OrderCancelled(++_sequence, order.Id, order.Remaining, CancelReason.ClusterOffline));
        }
    }

    public void AdvanceTime(long timestamp, List<object> events) => Expire(timestamp, events);

    public void Close(long timestamp, List<object> events)
    {
        Expire(timestamp, events);
        if (_closed)
        {
            return;
        }
        _closed = true;
        foreach (var order in _resting.OrderBy(o => o.Priority).ToList())
        {
            _resting.Remove(order);
            events.Add(new OrderExpired(++_sequence, order.Id, order.Remaining));
        }
    }

    public static bool Compatible(ClusterAttributes ask, BidConstraints bid) =>
        (bid.AllowedRegions == 0 || (bid.AllowedRegions & (1u << ask.Region)) != 0)
        && ask.Tier >= bid.MinTier
        && (ask.Policies & bid.RequiredPolicies) == bid.RequiredPolicies;

    private void MatchAndRest(Order taker, long? limit, bool rests, List<object> events)
    {
        while (taker.Remaining > 0)
        {
            var maker = Candidates(taker, limit).FirstOrDefault();
            if (maker is null)
            {
                break;
            }
            if (maker.Owner == taker.Owner)
            {
                events.Add(new OrderCancelled(++_sequence, taker.Id, taker.Remaining, CancelReason.SelfTrade));
                return;
            }
            long fill = Math.Min(taker.Remaining, maker.Remaining);
            taker.Remaining -= fill;
            maker.Remaining -= fill;
            long clusterId = taker.Side == Side.Sell ? taker.Cluster.ClusterId : maker.Cluster.ClusterId;
            events.Add(new Fill(++_sequence, maker.Id, taker.Id, maker.Owner, taker.Owner, maker.Price, fill, clusterId, taker.Side));
            if (maker.Remaining == 0)
            {
                _resting.Remove(maker);
            }
        }
        if (taker.Remaining == 0)
        {
            return;
        }
        if (rests)
        {
            _resting.Add(taker);
        }
        else
        {
            events.Add(new OrderCancelled(++_sequence, taker.Id, taker.Remaining, CancelReason.IocRemainder));
        }
    }

    /// <summary>The opposite orders this taker could trade with, in the order it would meet them.</summary>
    private IEnumerable<Order> Candidates(Order taker, long? limit)
    {
        bool buy = taker.Side == Side.Buy;
        var opposite = _resting.Where(o => o.Side != taker.Side)
            .Where(o => buy ? Compatible(o.Cluster, taker.Constraints) : Compatible(taker.Cluster, o.Constraints))
            .Where(o => limit is null || (buy ? o.Price <= limit : o.Price >= limit));
        return (buy ? opposite.OrderBy(o => o.Price) : opposite.OrderByDescending(o => o.Price)).ThenBy(o => o.Priority);
    }

    private bool CanFill(Order taker, long? limit)
    {
        long available = 0;
        foreach (var maker in Candidates(taker, limit))
        {
            if (maker.Owner == taker.Owner)
            {
                return false;
            }
            available += maker.Remaining;
            if (available >= taker.Remaining)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The clock only moves forward: an earlier timestamp than one seen before changes nothing.</summary>
    private void Expire(long timestamp, List<object> events)
    {
        _now = Math.Max(_now, timestamp);
        var due = _resting.Where(o => o.TimeInForce == TimeInForce.Gtd && o.ExpiresAt <= _now)
            .OrderBy(o => o.ExpiresAt).ThenBy(o => o.Priority).ToList();
        foreach (var order in due)
        {
            _resting.Remove(order);
            events.Add(new OrderExpired(++_sequence, order.Id, order.Remaining));
        }
    }

    private Order? Resting(long id, List<object> events)
    {
        if (_closed)
        {
            events.Add(new OrderRejected(++_sequence, id, RejectReason.MarketClosed));
            return null;
        }
        var order = _resting.Find(o => o.Id == id);
        if (order is null)
        {
            events.Add(new OrderRejected(++_sequence, id, RejectReason.UnknownOrder));
        }
        return order;
    }

    private RejectReason Check(PlaceOrder o)
    {
        bool market = o.Type == OrderType.Market;
        bool canRest = o.TimeInForce is TimeInForce.Gtc or TimeInForce.Gtd;
        if (_closed)
        {
            return RejectReason.MarketClosed;
        }
        if (o.Id <= 0)
        {
            return RejectReason.InvalidOrderId;
        }
        if (o.Id <= _lastId)
        {
            return RejectReason.DuplicateOrderId;
        }
        if (o.Side is not (Side.Buy or Side.Sell))
        {
            return RejectReason.InvalidSide;
        }
        if (o.Type is not (OrderType.Limit or OrderType.Market))
        {
            return RejectReason.InvalidOrderType;
        }
        if (!Enum.IsDefined(o.TimeInForce) || (market && canRest) || (o.PostOnly && !canRest))
        {
            return RejectReason.InvalidTimeInForce;
        }
        var reason = QuantityRule(o.Quantity);
        if (reason != RejectReason.None)
        {
            return reason;
        }
        if (!market && PriceRule(o.Price) is var priceReason && priceReason != RejectReason.None)
        {
            return priceReason;
        }
        if (o.TimeInForce == TimeInForce.Gtd && o.ExpiresAt <= _now)
        {
            return RejectReason.InvalidExpiry;
        }
        if (o.Side == Side.Buy && o.Constraints.MinTier > 3)
        {
            return RejectReason.InvalidConstraints;
        }
        if (o.Side == Side.Sell && (o.Cluster.Region >= 32 || o.Cluster.Tier > 3))
        {
            return RejectReason.InvalidAttributes;
        }
        if (!market && OutOfBand(o.Side, o.Price))
        {
            return RejectReason.PriceOutOfBand;
        }
        return RejectReason.None;
    }

    /// <summary>The side already rests the maximum number of distinct attribute sets, and this order's is not one of them.</summary>
    private bool NewSetWhenFull(PlaceOrder o)
    {
        var sets = _resting.Where(r => r.Side == o.Side).Select(r => AttributeSet(r.Side, r.Cluster, r.Constraints)).Distinct().ToList();
        return sets.Count >= MaxAttributeSets && !sets.Contains(AttributeSet(o.Side, o.Cluster, o.Constraints));
    }

    private static (int, int, int) AttributeSet(Side side, ClusterAttributes cluster, BidConstraints constraints) =>
        side == Side.Buy
            ? ((int)constraints.AllowedRegions, constraints.MinTier, constraints.RequiredPolicies)
            : (cluster.Region, cluster.Tier, cluster.Policies);

    private RejectReason QuantityRule(long quantity) =>
        quantity <= 0 ? RejectReason.InvalidQuantity
        : quantity % config.LotSize != 0 ? RejectReason.InvalidLotSize
        : quantity > config.MaxQuantity ? RejectReason.QuantityTooLarge
        : RejectReason.None;

    private RejectReason PriceRule(long price) =>
        price <= 0 ? RejectReason.InvalidPrice
        : price % config.TickSize != 0 ? RejectReason.InvalidTickSize
        : price > config.MaxPrice ? RejectReason.PriceTooLarge
        : RejectReason.None;

    private bool OutOfBand(Side side, long price)
    {
        if (config.LimitBandTicks is not long band)
        {
            return false;
        }
        var opposite = _resting.Where(o => o.Side != side).Select(o => o.Price).ToList();
        if (opposite.Count == 0)
        {
            return false;
        }
        long bandPrice = band * config.TickSize;
        return side == Side.Buy ? price - opposite.Min() > bandPrice : opposite.Max() - price > bandPrice;
    }

    private static Order NewOrder(PlaceOrder o, long remaining, long priority) => new()
    {
        Id = o.Id,
        Owner = o.Owner,
        Side = o.Side,
        Price = o.Type == OrderType.Limit ? o.Price : 0,
        Remaining = remaining,
        Priority = priority,
        TimeInForce = o.TimeInForce,
        ExpiresAt = o.TimeInForce == TimeInForce.Gtd ? o.ExpiresAt : 0,
        PostOnly = o.PostOnly,
        Cluster = o.Side == Side.Sell ? o.Cluster : default,
        Constraints = o.Side == Side.Buy ? o.Constraints : default,
    };

    private sealed class Order
    {
        public long Id { get; init; }

        public int Owner { get; init; }

        public Side Side { get; init; }

        public long Price { get; set; }

        public long Remaining { get; set; }

        public long Priority { get; set; }

        public TimeInForce TimeInForce { get; init; }

        public long ExpiresAt { get; init; }

        public bool PostOnly { get; init; }

        public ClusterAttributes Cluster { get; init; }

        public BidConstraints Constraints { get; init; }

        public OrderView View() =>
            new(Id, Owner, Side, Price, Remaining, Priority, TimeInForce, ExpiresAt, PostOnly, Cluster, Constraints);
    }
}
