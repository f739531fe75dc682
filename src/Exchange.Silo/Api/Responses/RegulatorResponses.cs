namespace Exchange.Silo.Api.Responses;

/// <summary>A ledger summary: one row per group, each with the group's keys and allocations, quantity and notional.</summary>
public sealed record SummaryResponse(IReadOnlyList<Dictionary<string, object>> Rows);

/// <summary>The outcome of recomputing the hash chains; where broken, the first altered allocation and why.</summary>
public sealed record VerifyResponse(bool Ok, long Checked, string? MarketId, long? Sequence, string? Problem, TransferVerifyResponse? Transfers);

/// <summary>The ledger transfers' chain: how many were checked and the first broken one (null when a single market was verified).</summary>
public sealed record TransferVerifyResponse(bool Ok, long Checked, long? Position, string? TransferId, string? Problem);

/// <summary>An order's events from acceptance to its end.</summary>
public sealed record LifecycleResponse(string OrderId, IReadOnlyList<LifecycleEventResponse> Events);

/// <summary>One event of an order: accepted, fill, reduced, cancelled or expired.</summary>
public sealed record LifecycleEventResponse(string Type, DateTimeOffset At, long Sequence, long Quantity, string? Price, string? AllocationId);

/// <summary>The key that signs ledger checkpoints, and what exactly a signature covers.</summary>
public sealed record PublicKeyResponse(string KeyId, string Algorithm, string PublicKeyPem, string SignedMessage);

/// <summary>A signed chain head: the market's first <c>sequence</c> allocations end in <c>headHash</c>.</summary>
public sealed record CheckpointResponse(string MarketId, long Sequence, string HeadHash, DateTimeOffset SignedAt, string KeyId, string Signature);
