using System.Diagnostics;
using System.Globalization;
using Exchange.Matching;

namespace Exchange.Benchmarks;

/// <summary>Throughput and latency of constrained matching against a deep book that is half incompatible.</summary>
public static class ConstrainedHarness
{
    public static int Run(int resting, int count, int passes, int classes, TextWriter output)
    {
        var commands = ConstrainedWorkload.Commands(resting, count, classes);
        for (int i = 0; i < 3; i++)
        {
            Pass(resting, classes, commands);
            Thread.Sleep(200); // let tiered JIT finish promoting the hot methods before timing
        }
        var results = new List<PassResult>();
        for (int i = 0; i < passes; i++)
        {
            results.Add(Pass(resting, classes, commands));
        }
        results.Sort((a, b) => a.Seconds.CompareTo(b.Seconds));
        var median = results[results.Count / 2];
        var latency = LatencyPass(resting, classes, commands);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"constrained: {resting} resting asks in {classes} attribute sets (half incompatible{(classes > 2 ? ", interleaved on every level" : ", alternate levels")}), {count} commands, trades={median.Trades}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT commands={count} seconds={median.Seconds:F4} commands_per_s={count / median.Seconds:F0} trades={median.Trades} qty={median.Quantity} notional={median.Notional} alloc_bytes_per_command={median.AllocatedBytes / count} p50_ns={latency.P50} p99_ns={latency.P99} p999_ns={latency.P999}"));
        return 0;
    }

    private static PassResult Pass(int resting, int classes, PlaceOrder[] commands)
    {
        var book = ConstrainedWorkload.NewBook(resting, classes);
        var sink = new TradeCounter();
        GC.Collect();
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < commands.Length; i++)
        {
            book.Place(in commands[i], ref sink);
        }
        long stop = Stopwatch.GetTimestamp();
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        GC.KeepAlive(book);
        return new PassResult((stop - start) / (double)Stopwatch.Frequency, sink.Trades, sink.Quantity, sink.Notional, allocated, commands.Length);
    }

    private static Percentiles LatencyPass(int resting, int classes, PlaceOrder[] commands)
    {
        var book = ConstrainedWorkload.NewBook(resting, classes);
        var sink = new TradeCounter();
        var ticks = new long[commands.Length];
        for (int i = 0; i < commands.Length; i++)
        {
            long start = Stopwatch.GetTimestamp();
            book.Place(in commands[i], ref sink);
            ticks[i] = Stopwatch.GetTimestamp() - start;
        }
        return Percentiles.From(ticks);
    }
}
