namespace Exchange.Markets.Settlement;

/// <summary>
/// When an allocation's delivery is settled: its period cut into intervals of <paramref name="IntervalSeconds"/> from
/// the period's start (the last one shorter when the period is not a multiple), each settled once it has ended, except
/// the last, which waits for the grace window: readings may arrive until then, and the last interval takes them all
/// before the allocation closes. Pinned with every settlement run, like the terms.
/// </summary>
public sealed record DeliverySchedule(int IntervalSeconds, int GraceSeconds)
{
    public static DeliverySchedule Default { get; } = new(300, 900);

    public bool IsValid => IntervalSeconds is >= 1 and <= 86_400 && GraceSeconds is >= 0 and <= 7 * 86_400;

    public TimeSpan Grace => TimeSpan.FromSeconds(GraceSeconds);

    /// <summary>How many intervals the period [<paramref name="start"/>, <paramref name="end"/>) has: at least one.</summary>
    public int IntervalCount(DateTimeOffset start, DateTimeOffset end)
    {
        var length = (end - start).Ticks;
        var step = TimeSpan.TicksPerSecond * IntervalSeconds;
        return (int)Math.Max(1, (length + step - 1) / step);
    }

    /// <summary>Where interval <paramref name="interval"/> (from 1) begins.</summary>
    public DateTimeOffset Start(DateTimeOffset start, int interval) => start.AddSeconds((long)(interval - 1) * IntervalSeconds);

    /// <summary>Where interval <paramref name="interval"/> ends: its length on, or the period's end.</summary>
    public DateTimeOffset End(DateTimeOffset start, DateTimeOffset end, int interval)
    {
        var stop = start.AddSeconds((long)interval * IntervalSeconds);
        return stop < end ? stop : end;
    }

    /// <summary>When interval <paramref name="interval"/> may be settled: at its end, or for the last one when the grace window closes.</summary>
    public DateTimeOffset DueAt(DateTimeOffset start, DateTimeOffset end, int interval) =>
        interval < IntervalCount(start, end) ? End(start, end, interval) : end + Grace;
}
