namespace Exchange.Markets;

/// <summary>
/// Why the exchange refused a request, whoever refused it (engine, market, tenant, cluster or the API itself). Each
/// value has one stable wire name (<see cref="RejectCodes.WireName"/>) that ends the problem type clients see, and one
/// <see cref="RejectKind"/> that decides its HTTP status; neither is ever spelled anywhere else. The numbers travel
/// between silos inside grain results: add new codes at the end, never reorder or renumber.
/// </summary>
public enum RejectCode
{
    // The engine's own checks (Exchange.Matching's RejectReason).
    MarketClosed = 1,
    InvalidOrderId,
    DuplicateOrderId,
    UnknownOrder,
    InvalidSide,
    InvalidOrderType,
    InvalidTimeInForce,
    InvalidQuantity,
    InvalidLotSize,
    QuantityTooLarge,
    InvalidPrice,
    InvalidTickSize,
    PriceTooLarge,
    PriceOutOfBand,
    InvalidExpiry,
    InvalidAttributes,
    InvalidConstraints,
    TooManyAttributeSets,
    NoLiquidity,
    PostOnlyWouldCross,
    FokNotFillable,

    // The market's bookkeeping around the engine.
    UnknownCluster,
    UnknownRegion,
    UnknownDataPolicy,
    OrderNotOpen,
    UncheckedOrder,
    DuplicateClientOrderId,

    // The tenant's admission and risk checks.
    UnknownTenant,
    UnknownMarket,
    TenantSuspended,
    SideNotAllowed,
    JurisdictionBlocked,
    RateLimited,
    OpenOrderLimit,
    CreditLimitExceeded,
    TokenLimitExceeded,

    // The cluster's capacity checks.
    ClusterOffline,
    ModelNotServed,
    CapacityExceeded,

    // The API's own refusals.
    AlreadyExists,
    ClusterIdTaken,
    IdempotencyKeyReused,
    TooManyStreams,

    // Metering (delivery and settlement).
    BadSignature,
    UnknownAllocation,
    CounterRegressed,
    DeliveryClosed,
    OverDelivery,
    ReadingConflict,
    InvalidCounters,

    /// <summary>A reading timed after the exchange's clock: it claims tokens not delivered yet.</summary>
    ReadingInFuture,

    /// <summary>The account the money would come from holds less than that above its floor.</summary>
    InsufficientFunds,

    /// <summary>The allocation has no dispute to resolve.</summary>
    NotDisputed,

    /// <summary>The dispute already ended, otherwise than asked.</summary>
    DisputeEnded,

    /// <summary>More token-equivalents awarded than the dispute holds.</summary>
    AwardExceedsDispute,

    /// <summary>The cluster went quiet: it offers nothing until a heartbeat or a reading brings it back.</summary>
    ClusterSuspect,

    /// <summary>The cluster failed: it takes no heartbeat, reading or offer any more.</summary>
    ClusterFailed,
}

/// <summary>What kind of refusal a code is: the host maps each kind to one HTTP status.</summary>
public enum RejectKind
{
    /// <summary>Understood and refused for a business reason (422).</summary>
    Refused,

    /// <summary>Conflicts with an earlier request under the same identity (409).</summary>
    Conflict,

    /// <summary>Too many requests; retrying later may succeed (429).</summary>
    Throttled,
}
