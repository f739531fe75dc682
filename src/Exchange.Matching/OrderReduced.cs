namespace Exchange.Matching;

/// <summary>A resting order's quantity went down and it kept its time priority.</summary>
public readonly record struct OrderReduced(long Sequence, long OrderId, long Remaining, long ReducedBy);
