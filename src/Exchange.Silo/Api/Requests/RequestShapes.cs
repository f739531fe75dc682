namespace Exchange.Silo.Api.Requests;

// The shapes of request bodies, for the OpenAPI document only: bodies are read field by field (BodyFields), so
// that every bad field is named. Prices and money are decimal strings. A parameter with a default is optional in the
// document, and null means absent, as BodyFields reads it.

/// <summary>A new tenant.</summary>
/// <param name="Id">2 to 64 lower-case letters, digits or '-'.</param>
/// <param name="Kind">provider, buyer or regulator.</param>
/// <param name="Jurisdiction">ISO 3166-1 alpha-2.</param>
public sealed record CreateTenantRequest(string Id, string Kind, string Name, string Jurisdiction)
{
    public const string Example = """{ "id": "acme-ai", "kind": "buyer", "name": "Acme AI GmbH", "jurisdiction": "DE" }""";
}

/// <summary>A tenant's limits.</summary>
/// <param name="CreditLimit">USD, a decimal string.</param>
/// <param name="Status">active or suspended.</param>
public sealed record QuotaRequest(string CreditLimit, long MaxTokensPerPeriod, int MaxOpenOrders, int OrdersPerSecond, string Status)
{
    public const string Example = """{ "creditLimit": "25000.00", "maxTokensPerPeriod": 5000000000, "maxOpenOrders": 500, "ordersPerSecond": 50, "status": "active" }""";
}

/// <summary>A GPU cluster to register.</summary>
/// <param name="Tier">1 to 3.</param>
/// <param name="DataPolicies">Policies from the catalog, e.g. zdr, no-training.</param>
public sealed record RegisterClusterRequest(
    string ClusterId, string Region, string Accelerator, int GpuCount, int Tier, IReadOnlyList<ModelThroughputRequest> Models, IReadOnlyList<string>? DataPolicies = null)
{
    public const string Example = """
        { "clusterId": "hn-h100-01", "region": "hainan", "accelerator": "H100", "gpuCount": 64, "tier": 2,
          "models": [ { "model": "chat-70b", "tokensPerSecond": 40000 } ], "dataPolicies": [ "zdr", "no-training" ] }
        """;
}

/// <summary>Tokens per second of one model.</summary>
public sealed record ModelThroughputRequest(string Model, long TokensPerSecond);

/// <summary>A cluster's meter key.</summary>
/// <param name="PublicKey">An ECDSA P-256 public key, PEM (SubjectPublicKeyInfo).</param>
public sealed record MeterKeyRequest(string PublicKey)
{
    public const string Example = """{ "publicKey": "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEdASZEK67H22nKeLKh6i7unaKklXE\nbOW1BaYW14tSL/urC3242sX5nA+SpFOHK4GGeHCHqqXFczqbCjUoMTwiUw==\n-----END PUBLIC KEY-----\n" }""";
}

/// <summary>A batch of signed meter readings (the signature is in the Exchange-Signature header).</summary>
public sealed record ReadingsRequest(IReadOnlyList<ReadingRequest> Readings)
{
    public const string Example = """
        { "readings": [ { "allocationId": "chat-70b.20261128T1400.a7", "sequence": 3, "at": "2026-11-28T14:15:00Z",
                          "inputTokens": 1200000, "cachedInputTokens": 400000, "outputTokens": 300000,
                          "requests": 5400, "requestsMeetingSlo": 5391, "errors": 2 } ] }
        """;
}

/// <summary>One allocation's counters since its start, cumulative.</summary>
/// <param name="Sequence">1, 2, ... per allocation: the order the counters were taken in.</param>
public sealed record ReadingRequest(
    string AllocationId, long Sequence, DateTimeOffset At, long InputTokens, long CachedInputTokens, long OutputTokens, long Requests,
    long RequestsMeetingSlo, long Errors);

/// <summary>A buyer's own count of an allocation, cumulative since its start, as the buyer's side counted it.</summary>
/// <param name="Sequence">1, 2, ... per allocation: the order the buyer took its counts in.</param>
public sealed record ReceiptRequest(
    long Sequence, DateTimeOffset At, long InputTokens, long CachedInputTokens, long OutputTokens, long Requests, long RequestsMeetingSlo)
{
    public const string Example = """
        { "sequence": 3, "at": "2026-11-28T14:15:00Z", "inputTokens": 1180000, "cachedInputTokens": 400000, "outputTokens": 295000,
          "requests": 5380, "requestsMeetingSlo": 5371 }
        """;
}

/// <summary>An operator's decision on a dispute.</summary>
/// <param name="Awarded">How many of the disputed token-equivalents were delivered: charged to the buyer and paid to the provider; the rest is refunded. 0 to the dispute's disputed.</param>
/// <param name="Reason">Why, for the record (at most 500 characters).</param>
public sealed record ResolveDisputeRequest(long Awarded, string? Reason = null)
{
    public const string Example = """{ "awarded": 40000, "reason": "Provider's request logs show 40,000 token-equivalents served after the buyer's last count." }""";
}

/// <summary>A declaration that a cluster has failed, with why.</summary>
public sealed record FailClusterRequest(string Reason)
{
    public const string Example = """{ "reason": "power supply lost in hall B" }""";
}

/// <summary>A heartbeat.</summary>
public sealed record HeartbeatRequest(bool Healthy)
{
    public const string Example = """{ "healthy": true }""";
}

/// <summary>A new order: providers sell from one of their clusters, buyers buy with optional constraints.</summary>
/// <param name="Side">sell (providers) or buy (buyers).</param>
/// <param name="Type">limit (default) or market.</param>
/// <param name="Price">USD per million tokens, a decimal string with at most 6 decimals; limit orders only.</param>
/// <param name="Quantity">Tokens, a multiple of the market's lot size.</param>
/// <param name="TimeInForce">GTC (default), GTD, IOC or FOK.</param>
/// <param name="ExpiresAt">GTD only.</param>
/// <param name="ClusterId">Sell orders only: the cluster the capacity comes from.</param>
/// <param name="Constraints">Buy orders only.</param>
/// <param name="Reserve">Limit sell orders only: the ask does not expire at gate closure but rests in the period's reserve book, which only re-allocations take.</param>
/// <param name="Failover">Buy orders only: `{ "maxPrice" }` (default: the order's own price) is the most a replacement may cost when the cluster fails; `false` refunds the remainder instead.</param>
public sealed record CreateOrderRequest(
    string ClientOrderId, string MarketId, string Side, long Quantity, string? Type = null, string? Price = null, string? TimeInForce = null,
    DateTimeOffset? ExpiresAt = null, bool? PostOnly = null, string? ClusterId = null, ConstraintsRequest? Constraints = null,
    bool? Reserve = null, FailoverRequest? Failover = null)
{
    public const string Example = """
        { "clientOrderId": "bid-0001", "marketId": "chat-70b.20261128T1400", "side": "buy", "type": "limit", "price": "0.42",
          "quantity": 2000000, "timeInForce": "GTC", "constraints": { "regions": [ "hainan" ], "minTier": 2, "dataPolicies": [ "zdr" ] } }
        """;
}

/// <summary>A buy's failover choice when sent as an object; send `false` instead of the object to be refunded.</summary>
/// <param name="MaxPrice">USD per million tokens, a decimal string; the most a replacement may cost (default: the order's price).</param>
public sealed record FailoverRequest(string? MaxPrice = null);

/// <summary>What a bid demands of the clusters it buys from; all optional.</summary>
public sealed record ConstraintsRequest(IReadOnlyList<string>? Regions = null, int? MinTier = null, IReadOnlyList<string>? DataPolicies = null);

/// <summary>A reduction: the order's new total quantity, lower than now; keeps time priority.</summary>
public sealed record ReduceOrderRequest(long Quantity)
{
    public const string Example = """{ "quantity": 1000000 }""";
}

/// <summary>Money an operator moves for a tenant.</summary>
/// <param name="Amount">USD, a decimal string with at most 6 decimals, more than 0.</param>
/// <param name="Reference">The operator's own reference (a bank transfer's), up to 200 characters.</param>
public sealed record MoneyRequest(string Amount, string Reference)
{
    public const string Example = """{ "amount": "25000.00", "reference": "SWIFT 2026-12-07 ACME-0042" }""";
}
