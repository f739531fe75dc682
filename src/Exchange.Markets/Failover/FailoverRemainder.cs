using Exchange.Markets.Settlement;

namespace Exchange.Markets.Failover;

/// <summary>
/// What a failed cluster did not deliver of an allocation: its deliverable quantity less what the fenced meter counted by
/// the newest accepted reading, the count its settlement's close will take too (readings stop at the fence).
/// </summary>
public static class FailoverRemainder
{
    public static long Of(SettledAllocation allocation, MeterReading? newest, TokenWeights weights)
    {
        ArgumentNullException.ThrowIfNull(allocation);
        ArgumentNullException.ThrowIfNull(weights);
        var delivered = newest is null ? 0 : Math.Min(weights.Delivered(newest.Counters), allocation.Deliverable);
        return allocation.Deliverable - delivered;
    }
}
