using Exchange.Contracts.Markets;
using Exchange.Markets;
using Exchange.Storage.Orders;

namespace Exchange.Grains.Markets;

/// <summary>
/// Pages through a tenant's orders, oldest first: open orders (and finished ones not yet stored) from the markets that hold
/// them, finished ones from the order store, merged into one keyset order of created time and order id.
/// </summary>
public sealed class OrderListing(OrderQueries store, HolderMarkets holderMarkets)
{
    /// <summary>Up to <paramref name="limit"/> orders after <paramref name="after"/>, with the status and market given, if any.</summary>
    public async Task<IReadOnlyList<OrderState>> PageAsync(
        string tenantId, OrderStatus? status, string? marketId, (DateTimeOffset CreatedAt, string OrderId)? after, int limit,
        CancellationToken cancellationToken)
    {
        // Markets first, the store after: an order a market stores and forgets in between is then found in the store. The
        // store holds finished orders only, so a page of open ones needs no look there.
        var held = await holderMarkets.OfTenantAsync(tenantId, marketId, cancellationToken);
        var stored = status is OrderStatus.Open or OrderStatus.PartiallyFilled
            ? []
            : await store.ListAsync(tenantId, (short?)status, marketId, after, limit, cancellationToken);

        var page = new Dictionary<string, OrderState>(StringComparer.Ordinal);
        foreach (var row in stored)
        {
            page[row.OrderId] = FinishedOrders.ToState(row);
        }

        foreach (var order in held.SelectMany(h => h.Orders))
        {
            if ((status is null || order.Status == status) && (after is not { } cursor || IsAfter(order, cursor)))
            {
                page.TryAdd(order.OrderId, order);
            }
        }

        // The store's page ends at its limit; anything of its beyond that comes after every order kept here.
        return [.. page.Values.OrderBy(o => o.CreatedAt).ThenBy(o => o.OrderId, StringComparer.Ordinal).Take(limit)];
    }

    private static bool IsAfter(OrderState order, (DateTimeOffset CreatedAt, string OrderId) cursor) =>
        order.CreatedAt > cursor.CreatedAt || (order.CreatedAt == cursor.CreatedAt && string.CompareOrdinal(order.OrderId, cursor.OrderId) > 0);
}
