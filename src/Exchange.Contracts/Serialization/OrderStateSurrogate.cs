using Exchange.Markets;

namespace Exchange.Contracts.Serialization;

[GenerateSerializer, Immutable]
public struct OrderStateSurrogate
{
    [Id(0)] public string OrderId;
    [Id(1)] public string ClientOrderId;
    [Id(2)] public string MarketId;
    [Id(3)] public string TenantId;
    [Id(4)] public OrderSide Side;
    [Id(5)] public OrderKind Kind;
    [Id(6)] public long PriceMicros;
    [Id(7)] public long Quantity;
    [Id(8)] public long FilledQuantity;
    [Id(9)] public long RemainingQuantity;
    [Id(10)] public long CancelledQuantity;
    [Id(11)] public OrderStatus Status;
    [Id(12)] public OrderTimeInForce TimeInForce;
    [Id(13)] public DateTimeOffset CreatedAt;
    [Id(14)] public string? ClusterId;
    [Id(15)] public IReadOnlyList<string> AllocationIds;
    [Id(16)] public decimal FilledNotional;
}

[RegisterConverter]
public sealed class OrderStateConverter : IConverter<OrderState, OrderStateSurrogate>
{
    public OrderState ConvertFromSurrogate(in OrderStateSurrogate s) => new(
        s.OrderId, s.ClientOrderId, s.MarketId, s.TenantId, s.Side, s.Kind, s.PriceMicros, s.Quantity, s.FilledQuantity,
        s.RemainingQuantity, s.CancelledQuantity, s.Status, s.TimeInForce, s.CreatedAt, s.ClusterId, s.AllocationIds, s.FilledNotional);

    public OrderStateSurrogate ConvertToSurrogate(in OrderState value) => new()
    {
        OrderId = value.OrderId,
        ClientOrderId = value.ClientOrderId,
        MarketId = value.MarketId,
        TenantId = value.TenantId,
        Side = value.Side,
        Kind = value.Kind,
        PriceMicros = value.PriceMicros,
        Quantity = value.Quantity,
        FilledQuantity = value.FilledQuantity,
        RemainingQuantity = value.RemainingQuantity,
        CancelledQuantity = value.CancelledQuantity,
        Status = value.Status,
        TimeInForce = value.TimeInForce,
        CreatedAt = value.CreatedAt,
        ClusterId = value.ClusterId,
        AllocationIds = value.AllocationIds,
        FilledNotional = value.FilledNotional,
    };
}
