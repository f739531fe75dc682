namespace Exchange.Silo.Api.Responses;

/// <summary>A ledger summary: one row per group, each with the group's keys and allocations, quantity and notional.</summary>
public sealed record SummaryResponse(IReadOnlyList<Dictionary<string, object>> Rows);

/// <summary>The outcome of recomputing the hash chains; where broken, the first altered allocation and why.</summary>
public sealed record VerifyResponse(bool Ok, long Checked, string? MarketId, long? Sequence, string? Problem, TransferVerifyResponse? Transfers);

/// <summary>The ledger transfers' chain: how many were checked and the first broken one (null when a single market was verified).</summary>
public sealed record TransferVerifyResponse(bool Ok, long Checked, long? Position, string? TransferId, string? Problem);

/// <summary>An order's events from acceptance to its end.</summary>
public sealed record LifecycleResponse(string OrderId, IReadOnlyList<LifecycleEventResponse> Events);

/// <summary>One event of an order: accepted, fill, reduced, cancelled, expired, or reallocated (a replacement of a fill whose cluster failed).</summary>
public sealed record LifecycleEventResponse(string Type, DateTimeOffset At, long Sequence, long Quantity, string? Price, string? AllocationId);

/// <summary>The key that signs ledger checkpoints, and what exactly a signature covers.</summary>
public sealed record PublicKeyResponse(string KeyId, string Algorithm, string PublicKeyPem, string SignedMessage);

/// <summary>A signed chain head: the market's first <c>sequence</c> allocations end in <c>headHash</c>.</summary>
public sealed record CheckpointResponse(string MarketId, long Sequence, string HeadHash, DateTimeOffset SignedAt, string KeyId, string Signature);

/// <summary>The tree an allocation became through failovers: the trade at its root and every replacement below it.</summary>
public sealed record LineageResponse(string Root, IReadOnlyList<LineageAllocationResponse> Allocations);

/// <summary>
/// One allocation of a lineage: the allocation, its parent (null at the root), why it exists (trade, failover), the
/// cover its parent's failed provider paid into it and the penalty its own provider paid when its cluster failed (USD).
/// </summary>
public sealed record LineageAllocationResponse(AllocationResponse Allocation, string? ParentAllocationId, string Cause, string Cover, string Penalty);
