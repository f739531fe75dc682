namespace Exchange.Matching;

/// <summary>The book refused a command and changed nothing else.</summary>
public readonly record struct OrderRejected(long Sequence, long OrderId, RejectReason Reason);
