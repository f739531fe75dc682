namespace Exchange.Matching;

/// <summary>An order's unfilled remainder left the book without trading.</summary>
public readonly record struct OrderCancelled(long Sequence, long OrderId, long Remaining, CancelReason Reason);
