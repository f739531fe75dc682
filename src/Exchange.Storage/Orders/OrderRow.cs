namespace Exchange.Storage.Orders;

/// <summary>One order's state as the order store holds it (finished orders, in their final state); enums are stored as their small integer values.</summary>
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
    long UpdatedSequence);
