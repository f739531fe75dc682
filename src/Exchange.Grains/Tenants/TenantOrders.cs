using Exchange.Contracts.Markets;
using Exchange.Contracts.Tenants;
using Exchange.Storage.Ledger;

namespace Exchange.Grains.Tenants;

/// <summary>
/// A tenant's orders as far as risk is concerned: what each reserves and has spent. Pending entries hold a
/// reservation while their order is on its way to the market; everything else follows the orders' states.
/// </summary>
public sealed class TenantOrders
{
    private readonly Dictionary<string, Entry> _byClientId = new(StringComparer.Ordinal);

    /// <summary>One order's risk footprint.</summary>
    private sealed record Entry(
        string MarketId, OrderSide Side, long ReservePriceMicros, DateTimeOffset PeriodStart,
        long Remaining, long Filled, decimal FilledNotional, bool Pending);

    /// <summary>The market an earlier order with this client order id went to, if any.</summary>
    public string? MarketOf(string clientOrderId) => _byClientId.GetValueOrDefault(clientOrderId)?.MarketId;

    public TenantUsage Usage() => new(
        _byClientId.Values.Where(e => e.Side == OrderSide.Buy).Sum(e => Money.Notional(e.Remaining, e.ReservePriceMicros)),
        _byClientId.Values.Where(e => e.Side == OrderSide.Buy).Sum(e => e.FilledNotional),
        _byClientId.Values.Count(e => e.Remaining > 0));

    /// <summary>Tokens bought or being bought for one delivery period.</summary>
    public long TokensFor(DateTimeOffset periodStart) =>
        _byClientId.Values.Where(e => e.Side == OrderSide.Buy && e.PeriodStart == periodStart).Sum(e => e.Remaining + e.Filled);

    /// <summary>Reserves for an order about to be sent to its market.</summary>
    public void AddPending(string clientOrderId, MarketId market, OrderSide side, long reservePriceMicros, long quantity) =>
        _byClientId[clientOrderId] = new Entry(market.ToString(), side, reservePriceMicros, market.PeriodStart, quantity, 0, 0m, Pending: true);

    /// <summary>Drops a pending reservation whose order was refused or never arrived.</summary>
    public void RemovePending(string clientOrderId)
    {
        if (_byClientId.TryGetValue(clientOrderId, out var entry) && entry.Pending)
        {
            _byClientId.Remove(clientOrderId);
        }
    }

    /// <summary>Takes an order's latest state; fills only grow and what rests only shrinks, so a stale report changes nothing.</summary>
    public void Apply(string clientOrderId, string marketId, OrderSide side, long priceMicros, DateTimeOffset periodStart,
        long remaining, long filled, decimal filledNotional)
    {
        if (_byClientId.TryGetValue(clientOrderId, out var known) && !known.Pending
            && OrderProgress.IsStale(known.Filled, known.Remaining, filled, remaining))
        {
            return;
        }

        // A market order has no limit: it reserved at the ceiling until its state arrived, and rests nothing after.
        var reservePrice = known?.ReservePriceMicros is { } p && priceMicros == 0 ? p : priceMicros;
        _byClientId[clientOrderId] = new Entry(marketId, side, reservePrice, periodStart, remaining, filled, filledNotional, Pending: false);
    }
}
