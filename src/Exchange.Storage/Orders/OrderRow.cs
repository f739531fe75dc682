using Exchange.Markets;

namespace Exchange.Storage.Orders;

/// <summary>One order's state as the order store holds it (finished orders, in their final state, with the allocations they took part in, in chain order); enums are stored as their small integer values.</summary>
public sealed record OrderRow(
    string OrderId,
    string MarketId,
    long Sequence,
    string TenantId,
    string ClientOrderId,
    short Side,
    short Kind,
    short TimeInForce,
    long PriceMicros,
    long Quantity,
    long FilledQuantity,
    long RemainingQuantity,
    long CancelledQuantity,
    decimal FilledNotional,
    short Status,
    string? ClusterId,
    DateTimeOffset PeriodStart,
    DateTimeOffset CreatedAt,
    long UpdatedSequence,
    IReadOnlyList<string> AllocationIds);

/// <summary>Rows from the market's bookkeeping.</summary>
public static class OrderRows
{
    /// <summary>The order store's row of <paramref name="order"/> as it stands now.</summary>
    public static OrderRow Of(MarketOrder order, string marketId, DateTimeOffset periodStart)
    {
        ArgumentNullException.ThrowIfNull(order);
        var request = order.Request;
        return new OrderRow(
            order.OrderId, marketId, order.Sequence, request.TenantId, request.ClientOrderId, (short)request.Side, (short)request.Kind,
            (short)request.TimeInForce, request.PriceMicros, order.Quantity, order.Filled, order.Remaining, order.Cancelled,
            order.FilledNotional, (short)order.Status, request.Cluster?.ClusterId, periodStart,
            DateTimeOffset.FromUnixTimeMilliseconds(order.CreatedAtMs), order.UpdatedSequence, [.. order.AllocationIds]);
    }
}
