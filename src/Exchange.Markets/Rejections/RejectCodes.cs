using Exchange.Matching;

namespace Exchange.Markets;

/// <summary>The one place reject codes are spelled and classified; the wire names are API and never change.</summary>
public static class RejectCodes
{
    public static string WireName(this RejectCode code) => code switch
    {
        RejectCode.MarketClosed => "market-closed",
        RejectCode.InvalidOrderId => "invalid-order-id",
        RejectCode.DuplicateOrderId => "duplicate-order-id",
        RejectCode.UnknownOrder => "unknown-order",
        RejectCode.InvalidSide => "invalid-side",
        RejectCode.InvalidOrderType => "invalid-order-type",
        RejectCode.InvalidTimeInForce => "invalid-time-in-force",
        RejectCode.InvalidQuantity => "invalid-quantity",
        RejectCode.InvalidLotSize => "invalid-lot-size",
        RejectCode.QuantityTooLarge => "quantity-too-large",
        RejectCode.InvalidPrice => "invalid-price",
        RejectCode.InvalidTickSize => "invalid-tick-size",
        RejectCode.PriceTooLarge => "price-too-large",
        RejectCode.PriceOutOfBand => "price-out-of-band",
        RejectCode.InvalidExpiry => "invalid-expiry",
        RejectCode.InvalidAttributes => "invalid-attributes",
        RejectCode.InvalidConstraints => "invalid-constraints",
        RejectCode.TooManyAttributeSets => "too-many-attribute-sets",
        RejectCode.NoLiquidity => "no-liquidity",
        RejectCode.PostOnlyWouldCross => "post-only-would-cross",
        RejectCode.FokNotFillable => "fok-not-fillable",
        RejectCode.UnknownCluster => "unknown-cluster",
        RejectCode.UnknownRegion => "unknown-region",
        RejectCode.UnknownDataPolicy => "unknown-data-policy",
        RejectCode.OrderNotOpen => "order-not-open",
        RejectCode.UncheckedOrder => "unchecked-order",
        RejectCode.DuplicateClientOrderId => "duplicate-client-order-id",
        RejectCode.UnknownTenant => "unknown-tenant",
        RejectCode.UnknownMarket => "unknown-market",
        RejectCode.TenantSuspended => "tenant-suspended",
        RejectCode.SideNotAllowed => "side-not-allowed",
        RejectCode.JurisdictionBlocked => "jurisdiction-blocked",
        RejectCode.RateLimited => "rate-limited",
        RejectCode.OpenOrderLimit => "open-order-limit",
        RejectCode.CreditLimitExceeded => "credit-limit-exceeded",
        RejectCode.TokenLimitExceeded => "token-limit-exceeded",
        RejectCode.ClusterOffline => "cluster-offline",
        RejectCode.ModelNotServed => "model-not-served",
        RejectCode.CapacityExceeded => "capacity-exceeded",
        RejectCode.AlreadyExists => "already-exists",
        RejectCode.ClusterIdTaken => "cluster-id-taken",
        RejectCode.IdempotencyKeyReused => "idempotency-key-reused",
        RejectCode.TooManyStreams => "too-many-streams",
        RejectCode.BadSignature => "bad-signature",
        RejectCode.UnknownAllocation => "unknown-allocation",
        RejectCode.CounterRegressed => "counter-regressed",
        RejectCode.DeliveryClosed => "delivery-closed",
        RejectCode.OverDelivery => "over-delivery",
        RejectCode.ReadingConflict => "reading-conflict",
        RejectCode.InvalidCounters => "invalid-counters",
        RejectCode.ReadingInFuture => "reading-in-future",
        RejectCode.InsufficientFunds => "insufficient-funds",
        RejectCode.NotDisputed => "not-disputed",
        RejectCode.DisputeEnded => "dispute-ended",
        RejectCode.AwardExceedsDispute => "award-exceeds-dispute",
        RejectCode.ClusterSuspect => "cluster-suspect",
        RejectCode.ClusterFailed => "cluster-failed",
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "Unknown reject code."),
    };

    public static RejectKind Kind(this RejectCode code) => code switch
    {
        RejectCode.DuplicateClientOrderId or RejectCode.IdempotencyKeyReused or RejectCode.AlreadyExists or RejectCode.ClusterIdTaken
            or RejectCode.ReadingConflict or RejectCode.NotDisputed or RejectCode.DisputeEnded => RejectKind.Conflict,
        RejectCode.RateLimited or RejectCode.TooManyStreams => RejectKind.Throttled,
        _ => RejectKind.Refused,
    };

    /// <summary>The code for the engine's refusal (<see cref="RejectReason.None"/> is not a refusal).</summary>
    public static RejectCode FromEngine(RejectReason reason) => reason switch
    {
        RejectReason.MarketClosed => RejectCode.MarketClosed,
        RejectReason.InvalidOrderId => RejectCode.InvalidOrderId,
        RejectReason.DuplicateOrderId => RejectCode.DuplicateOrderId,
        RejectReason.UnknownOrder => RejectCode.UnknownOrder,
        RejectReason.InvalidSide => RejectCode.InvalidSide,
        RejectReason.InvalidOrderType => RejectCode.InvalidOrderType,
        RejectReason.InvalidTimeInForce => RejectCode.InvalidTimeInForce,
        RejectReason.InvalidQuantity => RejectCode.InvalidQuantity,
        RejectReason.InvalidLotSize => RejectCode.InvalidLotSize,
        RejectReason.QuantityTooLarge => RejectCode.QuantityTooLarge,
        RejectReason.InvalidPrice => RejectCode.InvalidPrice,
        RejectReason.InvalidTickSize => RejectCode.InvalidTickSize,
        RejectReason.PriceTooLarge => RejectCode.PriceTooLarge,
        RejectReason.PriceOutOfBand => RejectCode.PriceOutOfBand,
        RejectReason.InvalidExpiry => RejectCode.InvalidExpiry,
        RejectReason.InvalidAttributes => RejectCode.InvalidAttributes,
        RejectReason.InvalidConstraints => RejectCode.InvalidConstraints,
        RejectReason.TooManyAttributeSets => RejectCode.TooManyAttributeSets,
        RejectReason.NoLiquidity => RejectCode.NoLiquidity,
        RejectReason.PostOnlyWouldCross => RejectCode.PostOnlyWouldCross,
        RejectReason.FokNotFillable => RejectCode.FokNotFillable,
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Not a refusal."),
    };
}
