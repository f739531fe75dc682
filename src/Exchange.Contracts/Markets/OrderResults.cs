using Exchange.Markets;

namespace Exchange.Contracts.Markets;

/// <summary>The outcome of placing an order: the order after matching on arrival, or a stable rejection reason.</summary>
[GenerateSerializer, Immutable]
public sealed record class PlaceOrderResult(
    [property: Id(0)] OrderState? Order,
    [property: Id(1)] RejectCode? RejectReason,
    [property: Id(2)] bool Repeated)
{
    public static PlaceOrderResult Accepted(OrderState order, bool repeated = false) => new(order, null, repeated);

    public static PlaceOrderResult Rejected(RejectCode reason) => new(null, reason, false);
}

/// <summary>The outcome of cancelling or reducing: the order as it now stands, or a rejection reason.</summary>
[GenerateSerializer, Immutable]
public sealed record class AmendOrderResult(
    [property: Id(0)] OrderState? Order,
    [property: Id(1)] RejectCode? RejectReason);
