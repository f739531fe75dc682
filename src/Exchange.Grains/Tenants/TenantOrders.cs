using Exchange.Contracts.Markets;
using Exchange.Contracts.Tenants;
using Exchange.Grains.Reservations;
using Exchange.Markets;
using Exchange.Storage.Ledger;

namespace Exchange.Grains.Tenants;

/// <summary>
/// A tenant's orders as far as risk is concerned: what each reserves and has spent. Pending entries hold a
/// reservation while their order is on its way to the market, and keep it when the placement got no answer (the order
/// may be journaled) until a state of the order arrives or a lease runs out; everything else follows the orders' states.
/// Totals are kept as entries change, because every new order reads them and a tenant's history only grows.
/// Entries exist only for the markets the tenant trades in (<see cref="Track"/>); what it spent in the others is one sum
/// (<see cref="AddSpentElsewhere"/>), and which client order ids it used there lately is remembered apart.
/// </summary>
public sealed class TenantOrders : IReservationBook
{
    private readonly Footprints<Entry> _byClientId;
    private readonly Dictionary<string, string> _recentClientIds = new(StringComparer.Ordinal);
    private readonly HashSet<string> _tracked = new(StringComparer.Ordinal);
    private readonly Dictionary<DateTimeOffset, long> _tokensByPeriod = [];
    private decimal _reserved;
    private decimal _spent;
    private decimal _spentElsewhere;
    private int _open;

    public TenantOrders() => _byClientId = new Footprints<Entry>(Count);

    /// <summary>One order's risk footprint; <paramref name="Unanswered"/> is set while a pending order's placement got no answer.</summary>
    private sealed record Entry(
        string MarketId, OrderSide Side, long ReservePriceMicros, DateTimeOffset PeriodStart,
        long Remaining, long Filled, decimal FilledNotional, bool Pending, UnansweredPlacement? Unanswered = null);

    /// <summary>The request of a placement that got no answer, and when that became known.</summary>
    private sealed record UnansweredPlacement(OrderRequest Request, DateTimeOffset At);

    /// <summary>The market an earlier order with this client order id went to, if any (within the remembered window).</summary>
    public string? MarketOf(string clientOrderId) =>
        _byClientId.Find(clientOrderId)?.MarketId ?? _recentClientIds.GetValueOrDefault(clientOrderId);

    /// <summary>Markets whose orders are kept one by one from now on; stored orders of any other are counted in <see cref="AddSpentElsewhere"/>.</summary>
    public void Track(IEnumerable<string> marketIds) => _tracked.UnionWith(marketIds);

    /// <summary>Whether orders of this market are kept one by one.</summary>
    public bool Tracks(string marketId) => _tracked.Contains(marketId);

    /// <summary>Adds what the tenant spent in markets not tracked here (it never changes: those markets are done).</summary>
    public void AddSpentElsewhere(decimal spent) => _spentElsewhere += spent;

    /// <summary>Remembers that a stored order used this client order id in this market.</summary>
    public void RememberClientId(string clientOrderId, string marketId) => _recentClientIds.TryAdd(clientOrderId, marketId);

    /// <summary>The request of a pending order whose placement got no answer, or null.</summary>
    public OrderRequest? UnansweredRequest(string clientOrderId) => _byClientId.Find(clientOrderId)?.Unanswered?.Request;

    public TenantUsage Usage() => new(Money.Normalize(_reserved), Money.Normalize(_spent + _spentElsewhere), _open);

    /// <summary>
    /// Client order ids whose state may have changed unheard: orders known to rest in a market, and orders whose placement
    /// got no answer (not those still on their way).
    /// </summary>
    public string[] UnsettledClientOrderIds() =>
        [.. _byClientId.Entries.Where(e => e.Value.Pending ? e.Value.Unanswered is not null : e.Value.Remaining > 0).Select(e => e.Key)];

    /// <summary>Tokens bought or being bought for one delivery period.</summary>
    public long TokensFor(DateTimeOffset periodStart) => _tokensByPeriod.GetValueOrDefault(periodStart);

    /// <summary>Reserves for an order about to be sent to its market.</summary>
    public void AddPending(string clientOrderId, MarketId market, OrderSide side, long reservePriceMicros, long quantity)
    {
        _tracked.Add(market.ToString());
        _byClientId.Set(clientOrderId, new Entry(market.ToString(), side, reservePriceMicros, market.PeriodStart, quantity, 0, 0m, Pending: true));
    }

    /// <summary>
    /// Keeps a pending order's reservation although its placement got no answer: the market may have journaled it before
    /// the answer was lost. A state of the order settles it; so does a retry, or <see cref="DropUnconfirmedBefore"/>.
    /// </summary>
    public void MarkUnanswered(string clientOrderId, OrderRequest request, DateTimeOffset now)
    {
        if (_byClientId.Find(clientOrderId) is { Pending: true } entry)
        {
            _byClientId.Set(clientOrderId, entry with { Unanswered = new UnansweredPlacement(request, now) });
        }
    }

    /// <summary>Puts an unanswered order back on its way to the market, keeping its reservation.</summary>
    public void Resend(string clientOrderId)
    {
        if (_byClientId.Find(clientOrderId) is { Pending: true } entry)
        {
            _byClientId.Set(clientOrderId, entry with { Unanswered = null });
        }
    }

    /// <summary>
    /// Drops reservations of unanswered placements that no state of their order confirmed since before
    /// <paramref name="cutoff"/>: those orders never came to exist, and nobody retried them.
    /// </summary>
    public int DropUnconfirmedBefore(DateTimeOffset cutoff) => _byClientId.RemoveWhere(e => e.Pending && e.Unanswered?.At < cutoff);

    /// <summary>Drops a pending reservation whose order was refused or never arrived.</summary>
    public void RemovePending(string clientOrderId)
    {
        if (_byClientId.Find(clientOrderId) is { Pending: true })
        {
            _byClientId.Remove(clientOrderId);
        }
    }

    public void Apply(OrderState order)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (MarketId.TryParse(order.MarketId, out var market))
        {
            Apply(order.ClientOrderId, order.MarketId, order.Side, order.Kind, order.PriceMicros,
                market.Value.PeriodStart, order.RemainingQuantity, order.FilledQuantity, order.FilledNotional);
        }
    }

    /// <summary>Takes an order's latest state; fills only grow and what rests only shrinks, so a stale report changes nothing.</summary>
    public void Apply(string clientOrderId, string marketId, OrderSide side, OrderKind kind, long priceMicros, DateTimeOffset periodStart,
        long remaining, long filled, decimal filledNotional)
    {
        if (ReallocationOrders.Is(clientOrderId))
        {
            return;
        }

        var known = _byClientId.Find(clientOrderId);
        if (known is { Pending: false }
            && OrderProgress.IsStale(known.Filled, known.Remaining, filled, remaining))
        {
            return;
        }

        // A market order has no limit: it reserved at the ceiling until its state arrived, and rests nothing after.
        _tracked.Add(marketId);
        var reservePrice = kind == OrderKind.Market ? known?.ReservePriceMicros ?? 0 : priceMicros;
        _byClientId.Set(clientOrderId, new Entry(marketId, side, reservePrice, periodStart, remaining, filled, filledNotional, Pending: false));
    }

    /// <summary>Adds (+1) or removes (-1) an entry's share of the totals; exact, so removing undoes adding.</summary>
    private void Count(Entry entry, int sign)
    {
        _open += entry.Remaining > 0 ? sign : 0;
        if (entry.Side != OrderSide.Buy)
        {
            return;
        }

        _reserved += sign * Money.Notional(entry.Remaining, entry.ReservePriceMicros);
        _spent += sign * entry.FilledNotional;
        _tokensByPeriod[entry.PeriodStart] = _tokensByPeriod.GetValueOrDefault(entry.PeriodStart) + (sign * (entry.Remaining + entry.Filled));
    }
}
