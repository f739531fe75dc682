namespace Exchange.Matching;

/// <summary>Stable kebab-case codes for rejection and cancellation reasons; these strings are API and never change.</summary>
public static class ReasonCodes
{
    public static string ToCode(this RejectReason reason) => reason switch
    {
        RejectReason.None => "none",
        RejectReason.MarketClosed => "market-closed",
        RejectReason.InvalidOrderId => "invalid-order-id",
        RejectReason.DuplicateOrderId => "duplicate-order-id",
        RejectReason.UnknownOrder => "unknown-order",
        RejectReason.InvalidSide => "invalid-side",
        RejectReason.InvalidOrderType => "invalid-order-type",
        RejectReason.InvalidTimeInForce => "invalid-time-in-force",
        RejectReason.InvalidQuantity => "invalid-quantity",
        RejectReason.InvalidLotSize => "invalid-lot-size",
        RejectReason.QuantityTooLarge => "quantity-too-large",
        RejectReason.InvalidPrice => "invalid-price",
        RejectReason.InvalidTickSize => "invalid-tick-size",
        RejectReason.PriceTooLarge => "price-too-large",
        RejectReason.PriceOutOfBand => "price-out-of-band",
        RejectReason.InvalidExpiry => "invalid-expiry",
        RejectReason.InvalidAttributes => "invalid-attributes",
        RejectReason.InvalidConstraints => "invalid-constraints",
        RejectReason.TooManyAttributeSets => "too-many-attribute-sets",
        RejectReason.NoLiquidity => "no-liquidity",
        RejectReason.PostOnlyWouldCross => "post-only-would-cross",
        RejectReason.FokNotFillable => "fok-not-fillable",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "unknown reject reason"),
    };

    public static string ToCode(this CancelReason reason) => reason switch
    {
        CancelReason.User => "user",
        CancelReason.SelfTrade => "self-trade",
        CancelReason.IocRemainder => "ioc-remainder",
        CancelReason.ClusterOffline => "cluster-offline",
        CancelReason.Replaced => "replaced",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "unknown cancel reason"),
    };
}
