namespace Exchange.ApiClient;

/// <summary>A GPU cluster to register, in the API's field names.</summary>
public sealed record ClusterSpec(
    string ClusterId, string Region, string Accelerator, int GpuCount, int Tier, IReadOnlyList<ModelSpec> Models, IReadOnlyList<string> DataPolicies);

/// <summary>Tokens per second of one model.</summary>
public sealed record ModelSpec(string Model, long TokensPerSecond);

/// <summary>An order in the API's field names; null fields are not sent.</summary>
public sealed record OrderSpec(
    string ClientOrderId,
    string MarketId,
    string Side,
    string Price,
    long Quantity,
    string? TimeInForce = null,
    string? ClusterId = null,
    ConstraintSpec? Constraints = null);

/// <summary>What a bid demands of the clusters it buys from.</summary>
public sealed record ConstraintSpec(IReadOnlyList<string>? Regions = null, int? MinTier = null, IReadOnlyList<string>? DataPolicies = null);
