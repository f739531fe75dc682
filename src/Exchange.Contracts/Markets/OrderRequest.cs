namespace Exchange.Contracts.Markets;

/// <summary>
/// A validated order on its way to a market: prices in micro-dollars per million tokens, quantities in tokens. The tenant
/// epoch is that of the tenant grain activation that admitted it (0 when none did); it is checked when the order is
/// journaled, not journaled.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record class OrderRequest(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string ClientOrderId,
    [property: Id(2)] OrderSide Side,
    [property: Id(3)] OrderKind Kind,
    [property: Id(4)] long PriceMicros,
    [property: Id(5)] long Quantity,
    [property: Id(6)] OrderTimeInForce TimeInForce,
    [property: Id(7)] DateTimeOffset? ExpiresAt,
    [property: Id(8)] bool PostOnly,
    [property: Id(9)] SellerCluster? Cluster,
    [property: Id(10)] BuyerConstraints? Constraints,
    [property: Id(11)] string Jurisdiction,
    [property: Id(12)] long TenantEpoch = 0);

/// <summary>
/// The cluster a sell order offers capacity from, with the attributes bids filter on, and the epoch of the cluster grain
/// activation that reserved the capacity (0 when none did), checked like the order's tenant epoch.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record class SellerCluster(
    [property: Id(0)] string ClusterId,
    [property: Id(1)] string Region,
    [property: Id(2)] int Tier,
    [property: Id(3)] IReadOnlyList<string> DataPolicies,
    [property: Id(4)] long Epoch = 0);

/// <summary>What a buy order demands of the clusters it buys from; empty lists accept anything.</summary>
[GenerateSerializer, Immutable]
public sealed record class BuyerConstraints(
    [property: Id(0)] IReadOnlyList<string> Regions,
    [property: Id(1)] int MinTier,
    [property: Id(2)] IReadOnlyList<string> DataPolicies);
