namespace Exchange.Matching;

/// <summary>The book accepted an order (also emitted when a replace brings an order back with a new priority).</summary>
/// <remarks>Price: The limit price; 0 for a market order.</remarks>
public readonly record struct OrderAccepted(long Sequence, long OrderId, int Owner, Side Side, long Price, long Quantity);
