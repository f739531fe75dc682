using System.Diagnostics;
using System.Globalization;
using Exchange.Matching;

namespace Exchange.Benchmarks;

/// <summary>
/// The workload harness of docs/workload.md: parse first, five warm-up passes (tiered JIT and
/// dynamic PGO settle over the first few), timed passes
/// without per-command timing (median reported), then one pass that timestamps every command.
/// Each pass starts from a fresh book built before the clock starts, as the baseline does.
/// </summary>
public static class ThroughputHarness
{
    private const int WarmUpPasses = 5;

    /// <summary>Commands run before the allocation counter is read, so one-time setup (attribute classes, level pages) is not counted.</summary>
    private const int SetupCommands = 10_000;

    public static int Run(WorkloadCommand[] commands, int passes, int capacity, string? tradesPath, TextWriter output)
    {
        output.WriteLine(capacity > 0
            ? string.Create(CultureInfo.InvariantCulture, $"book: BookConfig.Workload, room for {capacity} resting orders (fixed, not derived from the file)")
            : "book: BookConfig.Workload defaults (room for 1,024 resting orders, grown on demand)");
        var warmUp = TimedPass(commands, capacity);
        for (int i = 1; i < WarmUpPasses; i++)
        {
            // Tiered JIT promotes the hot loops (OSR, then PGO tier 1) over the first passes.
            Thread.Sleep(200);
            var pass = TimedPass(commands, capacity);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm-up {i}: {commands.Length / pass.Seconds:F0} commands/s"));
        }
        Thread.Sleep(500);
        var results = new List<PassResult>();
        for (int i = 0; i < passes; i++)
        {
            var pass = TimedPass(commands, capacity);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"pass {i + 1}: {pass.Seconds:F4} s  {commands.Length / pass.Seconds:F0} commands/s  alloc after setup={pass.AllocatedBytes} B"));
            results.Add(pass);
        }
        results.Sort((a, b) => a.Seconds.CompareTo(b.Seconds));
        var median = results[results.Count / 2];
        var best = results[0];
        var latency = LatencyPass(commands, capacity);
        bool consistent = results.TrueForAll(p => p.Trades == warmUp.Trades && p.Notional == warmUp.Notional);

        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(inv, $"commands: {commands.Length}"));
        output.WriteLine(string.Create(inv, $"seconds (median of {passes}): {median.Seconds:F4}  (best {best.Seconds:F4})"));
        output.WriteLine(string.Create(inv, $"commands/s: {commands.Length / median.Seconds:F0}  (best {commands.Length / best.Seconds:F0})"));
        output.WriteLine(string.Create(inv, $"trades: {median.Trades}  traded qty: {median.Quantity}  sum(price*qty): {median.Notional}"));
        output.WriteLine(string.Create(inv, $"allocated bytes/command: {(double)median.AllocatedBytes / median.SteadyCommands:F3} (after the first {SetupCommands} commands, which create the attribute classes and level pages)"));
        output.WriteLine(string.Create(inv, $"latency ns: p50={latency.P50} p99={latency.P99} p99.9={latency.P999}"));
        if (tradesPath is not null)
        {
            WriteTrades(commands, capacity, tradesPath);
        }
        output.WriteLine(string.Create(inv,
            $"RESULT commands={commands.Length} seconds={median.Seconds:F4} commands_per_s={commands.Length / median.Seconds:F0} trades={median.Trades} qty={median.Quantity} notional={median.Notional} alloc_bytes_per_command={median.AllocatedBytes / median.SteadyCommands} p50_ns={latency.P50} p99_ns={latency.P99} p999_ns={latency.P999}"));
        if (!consistent)
        {
            Console.Error.WriteLine("error: passes disagree on trades");
            return 1;
        }
        return 0;
    }

    private static PassResult TimedPass(WorkloadCommand[] commands, int capacity)
    {
        var book = WorkloadRunner.NewBook(capacity);
        var sink = new TradeCounter();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        int setup = Math.Min(SetupCommands, commands.Length);
        long start = Stopwatch.GetTimestamp();
        WorkloadRunner.Run(book, commands, 0, setup, ref sink);
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        WorkloadRunner.Run(book, commands, setup, commands.Length, ref sink);
        long stop = Stopwatch.GetTimestamp();
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        GC.KeepAlive(book);
        return new PassResult((stop - start) / (double)Stopwatch.Frequency, sink.Trades, sink.Quantity, sink.Notional, allocated, commands.Length - setup);
    }

    private static Percentiles LatencyPass(WorkloadCommand[] commands, int capacity)
    {
        var book = WorkloadRunner.NewBook(capacity);
        var sink = new TradeCounter();
        var ticks = new long[commands.Length];
        GC.Collect();
        for (int i = 0; i < commands.Length; i++)
        {
            long start = Stopwatch.GetTimestamp();
            WorkloadRunner.Apply(book, in commands[i], ref sink);
            ticks[i] = Stopwatch.GetTimestamp() - start;
        }
        return Percentiles.From(ticks);
    }

    private static void WriteTrades(WorkloadCommand[] commands, int capacity, string path)
    {
        var fills = new List<Fill>();
        var recorder = new TradeRecorder(fills);
        WorkloadRunner.Run(WorkloadRunner.NewBook(capacity), commands, 0, commands.Length, ref recorder);
        using var writer = new StreamWriter(path) { NewLine = "\n" };
        foreach (var f in fills)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{f.MakerId},{f.TakerId},{f.Price},{f.Quantity}"));
        }
    }
}
