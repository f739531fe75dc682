namespace Exchange.Matching;

/// <summary>Why the book refused a command. Its wire name is the exchange's business (Exchange.Markets.RejectCodes), not the engine's.</summary>
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
