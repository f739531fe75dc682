using Exchange.Matching;

namespace Exchange.Markets;

/// <summary>
/// One market's deterministic state machine: the engine's book plus the bookkeeping the exchange needs
/// (owners, orders, the allocation chain). No I/O, no clock: live processing and journal replay run
/// the same code, so replay reproduces every allocation and hash exactly.
/// </summary>
public sealed partial class MarketCore
{
    private MarketRules _rules;
    private readonly Dictionary<long, MarketOrder> _orders = [];
    private readonly Dictionary<(string Tenant, string ClientOrderId), MarketOrder> _byClientId = [];
    private readonly HashSet<ulong> _finishedClientKeys = [];

    // Open GTD orders by expiry, so the grain knows when to wake a quiet market up.
    private readonly SortedSet<(long ExpiresAt, long Sequence)> _expiries = [];
    private readonly Dictionary<string, int> _owners = new(StringComparer.Ordinal);
    private readonly List<string> _ownerNames = [];
    private readonly Dictionary<string, long> _clusters = new(StringComparer.Ordinal);
    private readonly List<string> _clusterNames = [];
    private readonly BookEventBuffer _events = new();
    private OrderBook _book;

    // The period's reserve book (docs/failover.md): made at gate closure from the reserve asks still resting, and taken
    // only by re-allocation bids until delivery ends; null in a market that never needed one.
    private OrderBook? _reserve;

    // The reserve asks moving to the reserve book during the command being applied: their expiry is not their end.
    private readonly HashSet<long> _moving = [];

    public MarketCore(string marketId, MarketRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (!global::Exchange.Markets.MarketId.TryParse(marketId, out var id))
        {
            throw new ArgumentException($"'{marketId}' is not a market id.", nameof(marketId));
        }

        MarketId = marketId;
        Model = id.Value.Model;
        PeriodStart = id.Value.PeriodStart;
        _rules = rules;
        _book = new OrderBook(rules.Book);
    }

    public string MarketId { get; }

    public string Model { get; }

    public DateTimeOffset PeriodStart { get; }

    public DateTimeOffset PeriodEnd => PeriodStart + _rules.Period;

    /// <summary>The rules the market trades under: pinned by its first command, or those it was started with until then.</summary>
    public MarketRules Rules => _rules;

    /// <summary>The journal sequence of the last command applied.</summary>
    public long LastSequence { get; private set; }

    public long LastAllocationSequence { get; private set; }

    public byte[] LastAllocationHash { get; private set; } = AllocationHasher.Genesis.ToArray();

    public bool IsClosed => _book.IsClosed;

    /// <summary>Gate closure passed and a reserve book still takes re-allocations: the grain must end it when delivery does.</summary>
    public bool ReserveOpen => _reserve is { IsClosed: false };

    /// <summary>A book still takes orders: the market's until gate closure, then its reserve book until delivery ends.</summary>
    public bool TakesOrders => !IsClosed || ReserveOpen;

    /// <summary>The engine's state hash (both books), for comparing a replay with a live run.</summary>
    public ulong BookHash => _book.StateHash() ^ ((_reserve?.StateHash() ?? 0) * 0x9E3779B97F4A7C15UL);

    /// <summary>An accepted order of this market by its journal sequence.</summary>
    public MarketOrder? FindOrder(long sequence) => _orders.GetValueOrDefault(sequence);

    /// <summary>The accepted order a tenant placed under a client order id, if any.</summary>
    public MarketOrder? FindByClientId(string tenantId, string clientOrderId) =>
        _byClientId.GetValueOrDefault((tenantId, clientOrderId));

    /// <summary>Every accepted order still in memory, oldest first: the open ones and the finished ones not yet evicted.</summary>
    public IEnumerable<MarketOrder> Orders => _orders.Values.OrderBy(o => o.Sequence);

    /// <summary>The orders in memory that <paramref name="belongs"/> picks, oldest first (only those are sorted: a book can be large).</summary>
    public List<MarketOrder> OrdersWhere(Func<MarketOrder, bool> belongs) => [.. _orders.Values.Where(belongs).OrderBy(o => o.Sequence)];

    /// <summary>How many sell orders of the cluster still rest here (no sorting: it runs whenever a cluster goes offline).</summary>
    public int OpenSellsOf(string clusterId) => _orders.Values.Count(o => o.IsOpen && o.Request.Cluster?.ClusterId == clusterId);

    /// <summary>When the earliest open GTD order expires (unix ms), or null when none rests.</summary>
    public long? NextExpiry => _expiries.Count == 0 ? null : _expiries.Min.ExpiresAt;

    /// <summary>Whether the tenant may have had a finished, evicted order under this client order id (confirm in the order store).</summary>
    public bool MayHaveFinished(string tenantId, string clientOrderId) =>
        _finishedClientKeys.Contains(ClientOrderKeys.Of(tenantId, clientOrderId));

    /// <summary>
    /// Forgets finished orders among <paramref name="candidates"/> (all finished orders when null): they never
    /// change again and the order store holds them, so only a fingerprint of their client order id stays.
    /// Call it only for orders the order store holds. Eviction never affects matching.
    /// </summary>
    public int EvictFinished(IEnumerable<MarketOrder>? candidates = null)
    {
        var finished = (candidates ?? _orders.Values).Where(o => !o.IsOpen).ToList();
        foreach (var order in finished)
        {
            if (_orders.Remove(order.Sequence))
            {
                _byClientId.Remove((order.Request.TenantId, order.Request.ClientOrderId));
                _finishedClientKeys.Add(ClientOrderKeys.Of(order.Request.TenantId, order.Request.ClientOrderId));
            }
        }

        return finished.Count;
    }

    /// <summary>
    /// The command to journal next: a market's first command carries the rules it starts under, so that its replay and
    /// every later activation trade under them whatever the configuration says by then.
    /// </summary>
    public MarketCommand PinFirst(MarketCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return LastSequence == 0 && command.Rules is null ? command with { Rules = _rules } : command;
    }

    /// <summary>Applies the command journaled at <paramref name="sequence"/>; sequences must follow each other.</summary>
    public CommandOutcome Apply(long sequence, MarketCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (sequence != LastSequence + 1)
        {
            throw new InvalidOperationException($"Market {MarketId} expected command {LastSequence + 1}, got {sequence}.");
        }

        if (command.Rules is { } pinned)
        {
            // Only the first command pins: the book is still empty, so nothing was priced or numbered under other rules.
            if (sequence != 1)
            {
                throw new InvalidDataException($"Market {MarketId}: command {sequence} carries rules; only the first may.");
            }

            _rules = pinned;
            _book = new OrderBook(pinned.Book);
        }

        LastSequence = sequence;
        _events.Clear();
        var sink = new CollectingSink(_events);
        MarketOrder? subject = null;
        RejectCode? reject = null;
        switch (command)
        {
            case PlaceCommand place:
                reject = Place(sequence, place, ref sink);
                break;
            case CancelCommand cancel:
                subject = _orders.GetValueOrDefault(cancel.OrderSequence);
                Open.Cancel(cancel.OrderSequence, cancel.Timestamp, ref sink);
                break;
            case ReduceCommand reduce:
                subject = _orders.GetValueOrDefault(reduce.OrderSequence);
                reject = Reduce(subject, reduce, ref sink);
                break;
            case CancelClusterCommand cluster:
                if (_clusters.TryGetValue(cluster.ClusterId, out var clusterIndex))
                {
                    Open.CancelCluster(clusterIndex, cluster.Timestamp, ref sink);
                }

                break;
            case CloseCommand close:
                Close(close.Timestamp, ref sink);
                break;
            case TickCommand tick:
                Open.AdvanceTime(tick.Timestamp, ref sink);
                break;
            default:
                throw new ArgumentException($"Unknown command {command.GetType().Name}.", nameof(command));
        }

        var (allocations, touched, engineReject) = Digest(sequence, command);
        _moving.Clear();
        reject ??= engineReject;
        if (command is PlaceCommand && reject is null)
        {
            subject = _orders[sequence];
        }

        return new CommandOutcome(subject, reject, allocations, touched);
    }

    /// <summary>The book that holds every open order: the main book until gate closure, the reserve book after it.</summary>
    private OrderBook Open => _book.IsClosed && _reserve is { } reserve ? reserve : _book;

    private RejectCode? Place(long sequence, PlaceCommand place, ref CollectingSink sink)
    {
        PlaceOrder order = default;
        var reject = ClosureRefusal(place) ?? Translate(sequence, place, intern: true, out order);
        if (reject is null)
        {
            Open.Place(in order, ref sink);
        }

        return reject;
    }

    /// <summary>
    /// After gate closure only re-allocation bids are taken, into the reserve book, and only until delivery ends (a reserve
    /// ask must rest before closure: it is capacity the provider held back, not a sale during delivery). A market that
    /// kept no reserve asks at its gate has no reserve book: nothing stands by there.
    /// </summary>
    private RejectCode? ClosureRefusal(PlaceCommand place) =>
        !_book.IsClosed ? null
        : place.Request.ParentAllocationId is null || place.Request.Side != OrderSide.Buy || _reserve is not { IsClosed: false }
            || place.Timestamp >= PeriodEnd.ToUnixTimeMilliseconds() ? RejectCode.MarketClosed
        : null;

    /// <summary>
    /// The first close is gate closure: every resting order expires except the reserve asks, which move, oldest first, to
    /// the reserve book. A second close ends delivery and expires the reserve book.
    /// </summary>
    private void Close(long timestamp, ref CollectingSink sink)
    {
        if (_book.IsClosed)
        {
            _reserve?.Close(timestamp, ref sink);
            return;
        }

        var before = _events.Events.Count;
        _book.Close(timestamp, ref sink);
        var moving = new List<MarketOrder>();
        for (var i = before; i < _events.Events.Count; i++)
        {
            var e = _events.Events[i];
            if (e.Kind == BookEventKind.Expired && _orders.GetValueOrDefault(e.OrderId) is { Request.Reserve: true } order
                && (order.Request.ExpiresAt is not { } expiresAt || expiresAt.ToUnixTimeMilliseconds() > timestamp))
            {
                moving.Add(order);
            }
        }

        if (moving.Count == 0)
        {
            return;
        }

        _reserve = new OrderBook(_rules.Book);
        var ignore = new CollectingSink(new BookEventBuffer());
        foreach (var order in moving.OrderBy(o => o.Sequence))
        {
            _moving.Add(order.Sequence);
            Translate(order.Sequence, new PlaceCommand(timestamp, order.Request), intern: true, out var placed);
            _reserve.Place(placed with { Quantity = order.Remaining, Timestamp = timestamp }, ref ignore);
        }
    }

    /// <summary>
    /// What the command would be refused for, found without applying it; null when it must be applied to know (or is
    /// fine). A refusal found here changes nothing, so the command is never journaled: a refused request stores nothing.
    /// Rules that depend on the book are asked only when no GTD expiry is due first, because applying the command
    /// would expire those orders (a change that must be journaled) before judging it.
    /// </summary>
    public RejectCode? Precheck(MarketCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        switch (command)
        {
            case PlaceCommand place:
                PlaceOrder order = default;
                var reject = ClosureRefusal(place) ?? Translate(LastSequence + 1, place, intern: false, out order);
                if (reject is not null || (NextExpiry is { } due && due <= place.Timestamp))
                {
                    return reject;
                }

                var reason = Open.Validate(in order);
                return reason == RejectReason.None ? null : RejectCodes.FromEngine(reason);
            case ReduceCommand reduce:
                return ReduceRefusal(_orders.GetValueOrDefault(reduce.OrderSequence), reduce);
            default:
                return null;
        }
    }

    /// <summary>The engine's order for a place command, or the market's own refusal; interns new names only when <paramref name="intern"/>.</summary>
    private RejectCode? Translate(long sequence, PlaceCommand place, bool intern, out PlaceOrder order)
    {
        order = default;
        var r = place.Request;
        var owner = intern ? Intern(_owners, _ownerNames, r.TenantId) : _owners.GetValueOrDefault(r.TenantId, _ownerNames.Count);
        if (r.PriceMicros % _rules.TickMicros != 0)
        {
            return RejectCode.InvalidTickSize;
        }

        var cluster = default(ClusterAttributes);
        var constraints = BidConstraints.None;
        if (r.Side == OrderSide.Sell)
        {
            if (r.Cluster is not { } c)
            {
                return RejectCode.UnknownCluster;
            }

            if (!_rules.Attributes.TryRegion(c.Region, out var region))
            {
                return RejectCode.UnknownRegion;
            }

            if (!_rules.Attributes.TryPolicies(c.DataPolicies, out var policies))
            {
                return RejectCode.UnknownDataPolicy;
            }

            var clusterIndex = intern ? Intern(_clusters, _clusterNames, c.ClusterId) : _clusters.GetValueOrDefault(c.ClusterId, _clusterNames.Count);
            cluster = new ClusterAttributes(clusterIndex, region, (byte)Math.Clamp(c.Tier, 0, 255), policies);
        }
        else if (r.Constraints is { } k)
        {
            if (!_rules.Attributes.TryRegions(k.Regions, out var regions))
            {
                return RejectCode.UnknownRegion;
            }

            if (!_rules.Attributes.TryPolicies(k.DataPolicies, out var policies))
            {
                return RejectCode.UnknownDataPolicy;
            }

            constraints = new BidConstraints(regions, (byte)Math.Clamp(k.MinTier, 0, 255), policies);
        }

        order = new PlaceOrder
        {
            Id = sequence,
            Owner = owner,
            Side = r.Side == OrderSide.Buy ? Side.Buy : Side.Sell,
            Type = r.Kind == OrderKind.Market ? OrderType.Market : OrderType.Limit,
            Price = r.PriceMicros / _rules.TickMicros,
            Quantity = r.Quantity,
            TimeInForce = r.TimeInForce switch
            {
                OrderTimeInForce.Gtd => TimeInForce.Gtd,
                OrderTimeInForce.Ioc => TimeInForce.Ioc,
                OrderTimeInForce.Fok => TimeInForce.Fok,
                _ => TimeInForce.Gtc,
            },
            ExpiresAt = r.ExpiresAt?.ToUnixTimeMilliseconds() ?? 0,
            PostOnly = r.PostOnly,
            Timestamp = place.Timestamp,
            Cluster = cluster,
            Constraints = constraints,
        };
        return null;
    }

    private RejectCode? Reduce(MarketOrder? order, ReduceCommand reduce, ref CollectingSink sink)
    {
        if (ReduceRefusal(order, reduce) is { } refusal)
        {
            return refusal;
        }

        Open.Reduce(order!.Sequence, reduce.NewQuantity - order.Filled, reduce.Timestamp, ref sink);
        return null;
    }

    private static RejectCode? ReduceRefusal(MarketOrder? order, ReduceCommand reduce) =>
        order is null || !order.IsOpen ? RejectCode.UnknownOrder
        : reduce.NewQuantity >= order.Quantity || reduce.NewQuantity - order.Filled <= 0 ? RejectCode.InvalidQuantity
        : null;

    private (List<AllocationRecord> Allocations, List<MarketOrder> Touched, RejectCode? Reject) Digest(long sequence, MarketCommand command)
    {
        var allocations = new List<AllocationRecord>();
        var touched = new List<MarketOrder>();
        RejectCode? reject = null;
        foreach (var e in _events.Events)
        {
            switch (e.Kind)
            {
                case BookEventKind.Accepted when command is PlaceCommand place && e.OrderId == sequence:
                    var order = new MarketOrder(sequence, OrderIds.Format(MarketId, sequence), place.Request, place.Timestamp)
                    {
                        Remaining = e.Quantity,
                    };
                    _orders.Add(sequence, order);
                    _byClientId[(place.Request.TenantId, place.Request.ClientOrderId)] = order;
                    Touch(touched, order);
                    break;
                case BookEventKind.Rejected:
                    reject ??= RejectCodes.FromEngine(e.Reject);
                    break;
                case BookEventKind.Fill:
                    allocations.Add(Allocate(sequence, command.Timestamp, e.Fill, touched));
                    break;
                case BookEventKind.Reduced:
                    var reduced = _orders[e.OrderId];
                    reduced.Remaining -= e.Quantity;
                    reduced.Quantity -= e.Quantity;
                    Touch(touched, reduced);
                    break;
                case BookEventKind.Expired when _moving.Contains(e.OrderId):
                    break;
                case BookEventKind.Cancelled:
                case BookEventKind.Expired:
                    var ended = _orders[e.OrderId];
                    ended.Cancelled += e.Quantity;
                    ended.Remaining = 0;
                    ended.End = e.Kind == BookEventKind.Expired ? OrderEnd.Expired : OrderEnd.Cancelled;
                    Touch(touched, ended);
                    break;
            }
        }

        foreach (var order in touched)
        {
            order.UpdatedSequence = sequence;
            TrackExpiry(order);
        }

        return (allocations, touched, reject);
    }

    private void TrackExpiry(MarketOrder order)
    {
        if (order.Request is { TimeInForce: OrderTimeInForce.Gtd, ExpiresAt: { } expiresAt })
        {
            var key = (expiresAt.ToUnixTimeMilliseconds(), order.Sequence);
            if (order.IsOpen)
            {
                _expiries.Add(key);
            }
            else
            {
                _expiries.Remove(key);
            }
        }
    }

    private AllocationRecord Allocate(long journalSequence, long timestamp, in Fill fill, List<MarketOrder> touched)
    {
        var buy = _orders[fill.BuyerId];
        var sell = _orders[fill.SellerId];
        var sequence = LastAllocationSequence + 1;
        var record = new AllocationRecord(
            MarketId, sequence, AllocationIds.Format(MarketId, sequence), journalSequence, Model, PeriodStart, PeriodEnd,
            buy.Request.TenantId, buy.Request.Jurisdiction, buy.OrderId,
            sell.Request.TenantId, sell.Request.Cluster!.ClusterId, sell.Request.Cluster.Region, sell.OrderId,
            fill.Quantity, fill.Price * _rules.TickMicros, DateTimeOffset.FromUnixTimeMilliseconds(timestamp),
            LastAllocationHash, [], buy.Request.ParentAllocationId);
        record = record with { Hash = AllocationHasher.Hash(LastAllocationHash, record) };
        LastAllocationSequence = sequence;
        LastAllocationHash = record.Hash;

        foreach (var order in (ReadOnlySpan<MarketOrder>)[buy, sell])
        {
            order.Filled += fill.Quantity;
            order.FilledNotional += record.Notional;
            order.Remaining -= fill.Quantity;
            order.AllocationIds.Add(record.AllocationId);
            Touch(touched, order);
        }

        return record;
    }

    private static void Touch(List<MarketOrder> touched, MarketOrder order)
    {
        if (!touched.Contains(order))
        {
            touched.Add(order);
        }
    }

    private static int Intern(Dictionary<string, int> map, List<string> names, string name)
    {
        if (!map.TryGetValue(name, out var index))
        {
            index = names.Count;
            names.Add(name);
            map.Add(name, index);
        }

        return index;
    }

    private static long Intern(Dictionary<string, long> map, List<string> names, string name)
    {
        if (!map.TryGetValue(name, out var index))
        {
            // Engine cluster ids start at 1 so that 0 can mean "no cluster".
            index = names.Count + 1;
            names.Add(name);
            map.Add(name, index);
        }

        return index;
    }
}
