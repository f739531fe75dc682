namespace Exchange.Markets;

/// <summary>Which way an order trades: providers sell capacity, buyers buy tokens.</summary>
public enum OrderSide
{
    Buy = 0,
    Sell = 1,
}

/// <summary>Limit orders carry a price; market orders take what is there within the protection band.</summary>
public enum OrderKind
{
    Limit = 0,
    Market = 1,
}

/// <summary>How long an order may rest.</summary>
public enum OrderTimeInForce
{
    /// <summary>Until cancelled or gate closure.</summary>
    Gtc = 0,

    /// <summary>Until its expiry time (or gate closure, whichever comes first).</summary>
    Gtd = 1,

    /// <summary>Fill what is possible at once, cancel the rest.</summary>
    Ioc = 2,

    /// <summary>Fill all at once or nothing.</summary>
    Fok = 3,
}

/// <summary>Where an order stands.</summary>
public enum OrderStatus
{
    Open = 0,
    PartiallyFilled = 1,
    Filled = 2,
    Cancelled = 3,
    Expired = 4,
}
