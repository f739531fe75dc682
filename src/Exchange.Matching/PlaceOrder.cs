namespace Exchange.Matching;

/// <summary>The command that places a new order; a sell carries its cluster, a buy its constraints.</summary>
public readonly record struct PlaceOrder
{
    /// <summary>Order id, unique among resting orders and greater than zero.</summary>
    public long Id { get; init; }

    /// <summary>Owner (tenant) index; orders of one owner never trade with each other.</summary>
    public int Owner { get; init; }

    public Side Side { get; init; }

    public OrderType Type { get; init; }

    /// <summary>Limit price in price units (a multiple of the tick size); ignored for market orders.</summary>
    public long Price { get; init; }

    /// <summary>Tokens, a multiple of the lot size.</summary>
    public long Quantity { get; init; }

    public TimeInForce TimeInForce { get; init; }

    /// <summary>Expiry time for <see cref="TimeInForce.Gtd"/>, same clock as <see cref="Timestamp"/>.</summary>
    public long ExpiresAt { get; init; }

    /// <summary>Reject instead of taking liquidity.</summary>
    public bool PostOnly { get; init; }

    /// <summary>The command's time (e.g. unix milliseconds); it first expires GTD orders due by then.</summary>
    public long Timestamp { get; init; }

    /// <summary>The selling cluster (sells only).</summary>
    public ClusterAttributes Cluster { get; init; }

    /// <summary>The buyer's constraints (buys only).</summary>
    public BidConstraints Constraints { get; init; }

    /// <summary>A good-till-cancel limit order with no attributes or constraints.</summary>
    public static PlaceOrder Limit(long id, int owner, Side side, long price, long quantity, long timestamp = 0) =>
        new() { Id = id, Owner = owner, Side = side, Price = price, Quantity = quantity, Timestamp = timestamp };

    /// <summary>An immediate-or-cancel market order with no attributes or constraints.</summary>
    public static PlaceOrder Market(long id, int owner, Side side, long quantity, long timestamp = 0) =>
        new()
        {
            Id = id,
            Owner = owner,
            Side = side,
            Type = OrderType.Market,
            Quantity = quantity,
            TimeInForce = TimeInForce.Ioc,
            Timestamp = timestamp,
        };
}
