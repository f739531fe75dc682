namespace Exchange.Contracts.Markets;

/// <summary>An order as it stands now, with the allocations it took part in.</summary>
[GenerateSerializer, Immutable]
public sealed record class OrderState(
    [property: Id(0)] string OrderId,
    [property: Id(1)] string ClientOrderId,
    [property: Id(2)] string MarketId,
    [property: Id(3)] string TenantId,
    [property: Id(4)] OrderSide Side,
    [property: Id(5)] OrderKind Kind,
    [property: Id(6)] long PriceMicros,
    [property: Id(7)] long Quantity,
    [property: Id(8)] long FilledQuantity,
    [property: Id(9)] long RemainingQuantity,
    [property: Id(10)] long CancelledQuantity,
    [property: Id(11)] OrderStatus Status,
    [property: Id(12)] OrderTimeInForce TimeInForce,
    [property: Id(13)] DateTimeOffset CreatedAt,
    [property: Id(14)] string? ClusterId,
    [property: Id(15)] IReadOnlyList<string> AllocationIds,
    [property: Id(16)] decimal FilledNotional);

/// <summary>The outcome of placing an order: the order after matching on arrival, or a stable rejection reason.</summary>
[GenerateSerializer, Immutable]
public sealed record class PlaceOrderResult(
    [property: Id(0)] OrderState? Order,
    [property: Id(1)] string? RejectReason,
    [property: Id(2)] bool Repeated)
{
    public static PlaceOrderResult Accepted(OrderState order, bool repeated = false) => new(order, null, repeated);

    public static PlaceOrderResult Rejected(string reason) => new(null, reason, false);
}

/// <summary>The outcome of cancelling or reducing: the order as it now stands, or a rejection reason.</summary>
[GenerateSerializer, Immutable]
public sealed record class AmendOrderResult(
    [property: Id(0)] OrderState? Order,
    [property: Id(1)] string? RejectReason);
