namespace Exchange.Markets.Settlement;

/// <summary>One cumulative reading of an allocation, numbered by its cluster (1, 2, ... per allocation).</summary>
public sealed record MeterReading(string AllocationId, long Sequence, DateTimeOffset At, MeterCounters Counters);

/// <summary>
/// What metering needs of an allocation: its cluster, its size in token-equivalents, its window, its model's weights,
/// and whether settlement has closed it (then no reading can be paid any more, whatever the window says).
/// </summary>
public sealed record MeteredAllocation(
    string AllocationId, string ClusterId, long Quantity, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd, TokenWeights Weights, bool Closed = false);
