using System.Globalization;

namespace Exchange.LoadGenerator;

/// <summary>Collects acknowledgement latencies from many callers and reports throughput and percentiles.</summary>
internal sealed class LatencyRecorder
{
    private readonly Lock _gate = new();
    private readonly List<double> _milliseconds = new(1 << 20);
    private long _failures;

    public void Record(TimeSpan latency)
    {
        lock (_gate)
        {
            _milliseconds.Add(latency.TotalMilliseconds);
        }
    }

    public void Fail() => Interlocked.Increment(ref _failures);

    /// <summary>The window's figures: throughput and percentiles, and its CPU use per acknowledged order where measured.</summary>
    public Summary Summarize(MeasuredWindow.Measured window)
    {
        ArgumentNullException.ThrowIfNull(window);
        var seconds = window.Seconds;
        double[] sorted;
        lock (_gate)
        {
            sorted = [.. _milliseconds];
        }

        Array.Sort(sorted);
        double At(double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
        var line = string.Create(CultureInfo.InvariantCulture,
            $"RESULT orders={sorted.Length} seconds={seconds:0.000} orders_per_s={sorted.Length / seconds:0} failures={Interlocked.Read(ref _failures)} p50_ms={At(0.50):0.00} p99_ms={At(0.99):0.00} p999_ms={At(0.999):0.00}");
        return new Summary(sorted.Length, Interlocked.Read(ref _failures), line, window.Cpu?.Report(sorted.Length), window.Postgres?.Report(sorted.Length));
    }

    internal sealed record Summary(long Acknowledged, long Failures, string ResultLine, string? CpuLine, string? PostgresLine)
    {
        /// <summary>Prints the machine-readable lines: RESULT, then CPU and PG where measured.</summary>
        public void WriteResults()
        {
            Console.WriteLine(ResultLine);
            if (CpuLine is not null)
            {
                Console.WriteLine(CpuLine);
            }

            if (PostgresLine is not null)
            {
                Console.WriteLine(PostgresLine);
            }
        }
    }
}
