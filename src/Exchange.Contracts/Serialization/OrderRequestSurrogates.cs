using Exchange.Markets;

namespace Exchange.Contracts.Serialization;

// Exchange.Markets knows nothing of Orleans, so the order records it defines cross grain boundaries through these
// surrogates: field ids here are the wire format, as [Id] on the records themselves used to be.

[GenerateSerializer, Immutable]
public struct OrderRequestSurrogate
{
    [Id(0)] public string TenantId;
    [Id(1)] public string ClientOrderId;
    [Id(2)] public OrderSide Side;
    [Id(3)] public OrderKind Kind;
    [Id(4)] public long PriceMicros;
    [Id(5)] public long Quantity;
    [Id(6)] public OrderTimeInForce TimeInForce;
    [Id(7)] public DateTimeOffset? ExpiresAt;
    [Id(8)] public bool PostOnly;
    [Id(9)] public SellerCluster? Cluster;
    [Id(10)] public BuyerConstraints? Constraints;
    [Id(11)] public string Jurisdiction;
    [Id(12)] public long TenantEpoch;
    [Id(13)] public bool Reserve;
    [Id(14)] public FailoverTerms? Failover;
    [Id(15)] public string? ParentAllocationId;
}

[RegisterConverter]
public sealed class OrderRequestConverter : IConverter<OrderRequest, OrderRequestSurrogate>
{
    public OrderRequest ConvertFromSurrogate(in OrderRequestSurrogate s) => new(
        s.TenantId, s.ClientOrderId, s.Side, s.Kind, s.PriceMicros, s.Quantity, s.TimeInForce, s.ExpiresAt, s.PostOnly,
        s.Cluster, s.Constraints, s.Jurisdiction, s.TenantEpoch, s.Reserve, s.Failover, s.ParentAllocationId);

    public OrderRequestSurrogate ConvertToSurrogate(in OrderRequest value) => new()
    {
        TenantId = value.TenantId,
        ClientOrderId = value.ClientOrderId,
        Side = value.Side,
        Kind = value.Kind,
        PriceMicros = value.PriceMicros,
        Quantity = value.Quantity,
        TimeInForce = value.TimeInForce,
        ExpiresAt = value.ExpiresAt,
        PostOnly = value.PostOnly,
        Cluster = value.Cluster,
        Constraints = value.Constraints,
        Jurisdiction = value.Jurisdiction,
        TenantEpoch = value.TenantEpoch,
        Reserve = value.Reserve,
        Failover = value.Failover,
        ParentAllocationId = value.ParentAllocationId,
    };
}

[GenerateSerializer, Immutable]
public struct FailoverTermsSurrogate
{
    [Id(0)] public bool Reallocate;
    [Id(1)] public long MaxPriceMicros;
}

[RegisterConverter]
public sealed class FailoverTermsConverter : IConverter<FailoverTerms, FailoverTermsSurrogate>
{
    public FailoverTerms ConvertFromSurrogate(in FailoverTermsSurrogate s) => new(s.Reallocate, s.MaxPriceMicros);

    public FailoverTermsSurrogate ConvertToSurrogate(in FailoverTerms value) => new() { Reallocate = value.Reallocate, MaxPriceMicros = value.MaxPriceMicros };
}

[GenerateSerializer, Immutable]
public struct SellerClusterSurrogate
{
    [Id(0)] public string ClusterId;
    [Id(1)] public string Region;
    [Id(2)] public int Tier;
    [Id(3)] public IReadOnlyList<string> DataPolicies;
    [Id(4)] public long Epoch;
}

[RegisterConverter]
public sealed class SellerClusterConverter : IConverter<SellerCluster, SellerClusterSurrogate>
{
    public SellerCluster ConvertFromSurrogate(in SellerClusterSurrogate s) => new(s.ClusterId, s.Region, s.Tier, s.DataPolicies, s.Epoch);

    public SellerClusterSurrogate ConvertToSurrogate(in SellerCluster value) => new()
    {
        ClusterId = value.ClusterId,
        Region = value.Region,
        Tier = value.Tier,
        DataPolicies = value.DataPolicies,
        Epoch = value.Epoch,
    };
}

[GenerateSerializer, Immutable]
public struct BuyerConstraintsSurrogate
{
    [Id(0)] public IReadOnlyList<string> Regions;
    [Id(1)] public int MinTier;
    [Id(2)] public IReadOnlyList<string> DataPolicies;
}

[RegisterConverter]
public sealed class BuyerConstraintsConverter : IConverter<BuyerConstraints, BuyerConstraintsSurrogate>
{
    public BuyerConstraints ConvertFromSurrogate(in BuyerConstraintsSurrogate s) => new(s.Regions, s.MinTier, s.DataPolicies);

    public BuyerConstraintsSurrogate ConvertToSurrogate(in BuyerConstraints value) => new()
    {
        Regions = value.Regions,
        MinTier = value.MinTier,
        DataPolicies = value.DataPolicies,
    };
}
