namespace Exchange.Markets;

/// <summary>
/// A validated order on its way to a market: prices in micro-dollars per million tokens, quantities in tokens. The tenant
/// epoch is that of the tenant grain activation that admitted it (0 when none did); it is checked when the order is
/// journaled, not journaled.
/// </summary>
/// <param name="Reserve">A sell that survives gate closure in the period's reserve book, which only re-allocations take.</param>
/// <param name="Failover">A buy's choice for what a failed cluster still owes it; null is the default (re-allocate up to its own price).</param>
/// <param name="ParentAllocationId">Set only by the exchange: this buy re-allocates what that allocation's failed cluster owed.</param>
public sealed record class OrderRequest(
    string TenantId,
    string ClientOrderId,
    OrderSide Side,
    OrderKind Kind,
    long PriceMicros,
    long Quantity,
    OrderTimeInForce TimeInForce,
    DateTimeOffset? ExpiresAt,
    bool PostOnly,
    SellerCluster? Cluster,
    BuyerConstraints? Constraints,
    string Jurisdiction,
    long TenantEpoch = 0,
    bool Reserve = false,
    FailoverTerms? Failover = null,
    string? ParentAllocationId = null);

/// <summary>
/// The cluster a sell order offers capacity from, with the attributes bids filter on, and the epoch of the cluster grain
/// activation that reserved the capacity (0 when none did), checked like the order's tenant epoch.
/// </summary>
public sealed record class SellerCluster(
    string ClusterId,
    string Region,
    int Tier,
    IReadOnlyList<string> DataPolicies,
    long Epoch = 0);

/// <summary>What a buy order demands of the clusters it buys from; empty lists accept anything.</summary>
public sealed record class BuyerConstraints(
    IReadOnlyList<string> Regions,
    int MinTier,
    IReadOnlyList<string> DataPolicies);
