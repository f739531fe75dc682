using System.Diagnostics;
using System.Globalization;

namespace Exchange.Benchmarks.Workloads;

/// <summary>
/// Runs the Python generator the format was first published with on the same options and compares
/// its workload and trades with ours byte for byte: the evidence that figures measured on either
/// file are comparable. Optional; the caller says where that generator is.
/// </summary>
public static class WorkloadCrossCheck
{
    public static int Run(string generatorPath, WorkloadOptions options, string workload, string trades, TextWriter report)
    {
        string directory = Directory.CreateTempSubdirectory("exchange-gen-cross-check-").FullName;
        try
        {
            string theirWorkload = Path.Combine(directory, "workload.txt");
            string theirTrades = Path.Combine(directory, "trades.txt");
            var start = new ProcessStartInfo("python3") { RedirectStandardError = true };
            foreach (string argument in Arguments(generatorPath, options, theirWorkload, theirTrades))
            {
                start.ArgumentList.Add(argument);
            }
            using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start python3");
            string errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                report.WriteLine($"cross-check: {generatorPath} failed: {errors}");
                return 1;
            }
            bool same = Compare("workload", workload, theirWorkload, report) & Compare("trades", trades, theirTrades, report);
            return same ? 0 : 1;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static IEnumerable<string> Arguments(string generatorPath, WorkloadOptions options, string workload, string trades)
    {
        var inv = CultureInfo.InvariantCulture;
        return
        [
            generatorPath,
            "--orders", options.Orders.ToString(inv),
            "--seed", options.Seed.ToString(inv),
            "--mid", options.Mid.ToString(inv),
            "--target-book", options.TargetBook.ToString(inv),
            "--spread", options.Spread.ToString(inv),
            "--out", workload,
            "--trades", trades,
        ];
    }

    private static bool Compare(string what, string ours, string theirs, TextWriter report)
    {
        byte[] a = File.ReadAllBytes(ours), b = File.ReadAllBytes(theirs);
        if (a.AsSpan().SequenceEqual(b))
        {
            report.WriteLine($"cross-check: {what} identical ({a.Length} bytes)");
            return true;
        }
        using var left = new StreamReader(ours);
        using var right = new StreamReader(theirs);
        for (int line = 1; ; line++)
        {
            string? x = left.ReadLine(), y = right.ReadLine();
            if (x != y)
            {
                report.WriteLine($"cross-check: {what} differs at line {line}: ours \"{x}\", theirs \"{y}\"");
                return false;
            }
            if (x is null)
            {
                report.WriteLine($"cross-check: {what} differs only in line endings or encoding ({a.Length} vs {b.Length} bytes)");
                return false;
            }
        }
    }
}
