namespace Exchange.Markets;

/// <summary>An order as it stands now, with the allocations it took part in.</summary>
public sealed record class OrderState(
    string OrderId,
    string ClientOrderId,
    string MarketId,
    string TenantId,
    OrderSide Side,
    OrderKind Kind,
    long PriceMicros,
    long Quantity,
    long FilledQuantity,
    long RemainingQuantity,
    long CancelledQuantity,
    OrderStatus Status,
    OrderTimeInForce TimeInForce,
    DateTimeOffset CreatedAt,
    string? ClusterId,
    IReadOnlyList<string> AllocationIds,
    decimal FilledNotional);
