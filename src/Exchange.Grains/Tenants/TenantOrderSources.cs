using Exchange.Grains.Reservations;
using Exchange.Markets;
using Exchange.Storage.Orders;

namespace Exchange.Grains.Tenants;

/// <summary>
/// Rebuilds and heals a tenant's <see cref="TenantOrders"/> from its markets and the order store, bounded by what the tenant
/// trades now, not by its history: the markets it holds orders in (one by one), one spend sum for every other market,
/// and the client order ids of the retention window.
/// </summary>
internal sealed class TenantOrderSources(string tenantId, OrderQueries orders, TenantOptions options, ExchangeClock clock)
{
    /// <summary>Loads the tenant's orders into the empty <paramref name="target"/> on activation, after its epoch began.</summary>
    public async Task LoadAsync(TenantOrders target, ReservationHolder holder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(holder);
        string[] live = [.. (await holder.AskMarketsAsync(target, cancellationToken)).Select(h => h.MarketId)];
        target.Track(live);
        await foreach (var row in orders.ReadTenantOrdersInAsync(tenantId, live, cancellationToken))
        {
            Apply(target, row);
        }

        target.AddSpentElsewhere(await orders.ReadTenantSpendOutsideAsync(tenantId, live, cancellationToken));
        var since = clock.UtcNow - TimeSpan.FromHours(options.ClientOrderIdRetentionHours);
        await foreach (var (clientOrderId, marketId) in orders.ReadTenantClientIdsSinceAsync(tenantId, since, cancellationToken))
        {
            target.RememberClientId(clientOrderId, marketId);
        }
    }

    // Reads only what can have changed unheard: orders this grain believes open (one may have finished unheard) or placed
    // without an answer, and those created since two rounds ago (one may have been journaled after its caller gave up on it).
    // The window is measured from the start of the round (<paramref name="now"/>), before the markets were asked.
    public async Task MergeRecentAsync(TenantOrders target, DateTimeOffset now)
    {
        var since = now - (2 * TimeSpan.FromSeconds(options.ReconcileSeconds)) - TimeSpan.FromMinutes(1);
        await foreach (var row in orders.ReadTenantRecentOrdersAsync(tenantId, target.UnsettledClientOrderIds(), since, CancellationToken.None))
        {
            // A market this activation never traded in was done when it began: its spend is in the sum already.
            if (target.Tracks(row.MarketId))
            {
                Apply(target, row);
            }
        }
    }

    private static void Apply(TenantOrders target, OrderRow row) =>
        target.Apply(row.ClientOrderId, row.MarketId, (OrderSide)row.Side, (OrderKind)row.Kind, row.PriceMicros,
            row.PeriodStart, row.RemainingQuantity, row.FilledQuantity, row.FilledNotional);
}
