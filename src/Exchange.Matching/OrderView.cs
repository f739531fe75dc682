namespace Exchange.Matching;

/// <summary>A resting order as the book holds it; orders that left the book are not known any more.</summary>
/// <param name="OrderId">The order's id.</param>
/// <param name="Owner">The owner (tenant) index.</param>
/// <param name="Side">Buy or sell.</param>
/// <param name="Price">Limit price in price units.</param>
/// <param name="Remaining">Tokens still resting.</param>
/// <param name="Priority">Sequence number of the event that gave the order its time priority.</param>
/// <param name="TimeInForce">GTC or GTD (only those rest).</param>
/// <param name="ExpiresAt">Expiry time of a GTD order, 0 otherwise.</param>
/// <param name="PostOnly">Whether it was placed post-only.</param>
/// <param name="Cluster">The ask's cluster attributes (default for bids).</param>
/// <param name="Constraints">The bid's constraints (default for asks).</param>
public readonly record struct OrderView(
    long OrderId,
    int Owner,
    Side Side,
    long Price,
    long Remaining,
    long Priority,
    TimeInForce TimeInForce,
    long ExpiresAt,
    bool PostOnly,
    ClusterAttributes Cluster,
    BidConstraints Constraints);
