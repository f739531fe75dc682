namespace Exchange.Matching;

/// <summary>A resting order as the book holds it; orders that left the book are not known any more.</summary>
/// <remarks>Priority: Sequence number of the event that gave the order its time priority.</remarks>
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
