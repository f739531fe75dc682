using Exchange.Contracts.Markets;
using Exchange.Markets;
using Exchange.Storage.Journal;
using Exchange.Storage.Orders;

namespace Exchange.Grains.Markets;

/// <summary>Answers for orders that finished and left the market's memory, from the order store.</summary>
public sealed class FinishedOrders(OrderQueries orders, MarketJournalStore journal)
{
    /// <summary>The tenant's finished order by id in this market, or null.</summary>
    public async Task<OrderState?> FindAsync(string marketId, string tenantId, string orderId)
    {
        var row = await orders.ReadOrderAsync(orderId, CancellationToken.None);
        return row is null || row.MarketId != marketId || row.TenantId != tenantId ? null : ToState(row);
    }

    /// <summary>The tenant's finished order by client order id in this market, or null.</summary>
    public async Task<OrderRow?> FindByClientIdAsync(string marketId, string tenantId, string clientOrderId) =>
        await orders.ReadByClientIdAsync(marketId, tenantId, clientOrderId, CancellationToken.None);

    /// <summary>
    /// Whether <paramref name="request"/> repeats the request that placed the stored order: the journal holds that request
    /// as sent, so the answer is <see cref="OrderRequestContent.Same"/>, as for an order still in the market's memory.
    /// </summary>
    public async Task<bool> IsRepeatAsync(OrderRow row, OrderRequest request)
    {
        ArgumentNullException.ThrowIfNull(row);
        var command = await journal.ReadCommandAsync(row.MarketId, row.Sequence, CancellationToken.None)
            ?? throw new InvalidOperationException($"Order {row.OrderId} is stored but its command is not journaled.");
        return MarketCommandCodec.Decode(command) is PlaceCommand place && OrderRequestContent.Same(place.Request, request);
    }

    /// <summary>The order a stored row describes, with the allocations it took part in.</summary>
    public static OrderState ToState(OrderRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new OrderState(
            row.OrderId, row.ClientOrderId, row.MarketId, row.TenantId, (OrderSide)row.Side, (OrderKind)row.Kind,
            row.PriceMicros, row.Quantity, row.FilledQuantity, row.RemainingQuantity, row.CancelledQuantity,
            (OrderStatus)row.Status, (OrderTimeInForce)row.TimeInForce, row.CreatedAt, row.ClusterId, row.AllocationIds, row.FilledNotional);
    }
}
