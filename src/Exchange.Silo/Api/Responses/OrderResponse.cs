using Exchange.Contracts.Markets;
using Exchange.Markets;

namespace Exchange.Silo.Api.Responses;

/// <summary>An order as it stands: what rests, what filled (and for how much), what was cancelled, and its allocations.</summary>
public sealed record OrderResponse(
    string OrderId,
    string ClientOrderId,
    string MarketId,
    string Side,
    string Type,
    string? Price,
    long Quantity,
    long FilledQuantity,
    long RemainingQuantity,
    long CancelledQuantity,
    string FilledNotional,
    string Status,
    string TimeInForce,
    DateTimeOffset CreatedAt,
    string? ClusterId,
    IReadOnlyList<string> Allocations)
{
    public static OrderResponse From(OrderState order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return new(order.OrderId, order.ClientOrderId, order.MarketId, ApiFormat.Side(order.Side), ApiFormat.Kind(order.Kind),
            order.Kind == OrderKind.Limit ? ApiFormat.Price(order.PriceMicros) : null, order.Quantity, order.FilledQuantity,
            order.RemainingQuantity, order.CancelledQuantity, ApiFormat.Usd(order.FilledNotional), ApiFormat.Status(order.Status),
            ApiFormat.TimeInForce(order.TimeInForce), order.CreatedAt, order.ClusterId, order.AllocationIds);
    }
}
