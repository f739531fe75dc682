using System.Diagnostics;

namespace Exchange.Benchmarks;

/// <summary>Latency percentiles in nanoseconds from per-command Stopwatch tick deltas.</summary>
public readonly record struct Percentiles(long P50, long P99, long P999)
{
    public static Percentiles From(long[] ticks)
    {
        Array.Sort(ticks);
        return new Percentiles(At(ticks, 0.50), At(ticks, 0.99), At(ticks, 0.999));
    }

    private static long At(long[] sorted, double quantile)
    {
        if (sorted.Length == 0)
        {
            return 0;
        }
        int index = Math.Min(sorted.Length - 1, (int)(quantile * sorted.Length));
        return sorted[index] * 1_000_000_000L / Stopwatch.Frequency;
    }
}
