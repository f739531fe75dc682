namespace Exchange.Matching;

/// <summary>Why the book refused a command; <see cref="ReasonCodes"/> gives the stable kebab-case code.</summary>
public enum RejectReason : byte
{
    None = 0,
    MarketClosed,
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
}
