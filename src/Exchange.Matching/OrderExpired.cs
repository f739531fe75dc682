namespace Exchange.Matching;

/// <summary>A resting order reached its GTD expiry or the market's gate closure.</summary>
public readonly record struct OrderExpired(long Sequence, long OrderId, long Remaining);
