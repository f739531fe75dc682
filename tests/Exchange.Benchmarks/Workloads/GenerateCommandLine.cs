using System.Globalization;

namespace Exchange.Benchmarks.Workloads;

/// <summary>
/// <c>gen [--profile standard|deep] [--orders N] [--seed N] [--mid N] [--target-book N] [--spread N]
/// --out FILE [--trades FILE] [--cross-check GEN_PY]</c>: writes a workload file, optionally the
/// reference matcher's trades, and optionally compares both with what another generator writes.
/// </summary>
public static class GenerateCommandLine
{
    public static int Run(string[] args)
    {
        try
        {
            return Parse(args);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            return Usage(e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
    }

    private static int Parse(string[] args)
    {
        var options = WorkloadOptions.Standard;
        string? output = null, trades = null, crossCheck = null;
        for (int i = 1; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length)
            {
                return Usage($"{args[i]} needs a value");
            }
            string value = args[i + 1];
            switch (args[i])
            {
                case "--profile":
                    // The profile replaces the shape only, so it may come before or after --orders and --seed.
                    var profile = WorkloadOptions.Profile(value);
                    if (profile is null)
                    {
                        return Usage($"unknown profile '{value}' (standard or deep)");
                    }
                    options = options with { Mid = profile.Mid, TargetBook = profile.TargetBook, Spread = profile.Spread };
                    break;
                case "--orders":
                    options = options with { Orders = Number(value) };
                    break;
                case "--seed":
                    options = options with { Seed = long.Parse(value, CultureInfo.InvariantCulture) };
                    break;
                case "--mid":
                    options = options with { Mid = long.Parse(value, CultureInfo.InvariantCulture) };
                    break;
                case "--target-book":
                    options = options with { TargetBook = Number(value) };
                    break;
                case "--spread":
                    options = options with { Spread = Number(value) };
                    break;
                case "--out":
                    output = value;
                    break;
                case "--trades":
                    trades = value;
                    break;
                case "--cross-check":
                    crossCheck = value;
                    break;
                default:
                    return Usage($"unknown argument '{args[i]}'");
            }
        }
        if (output is null)
        {
            return Usage("--out FILE is required");
        }
        if (options.Orders <= 0)
        {
            return Usage("--orders must be positive");
        }
        // The cross-check compares trades too, so it needs ours on disk even when they were not asked for.
        string? tradesPath = trades ?? (crossCheck is null ? null : Path.GetTempFileName());
        try
        {
            var summary = Generate(options, output, tradesPath);
            Console.Error.WriteLine(summary.Describe(output, options.Seed));
            return crossCheck is null ? 0 : WorkloadCrossCheck.Run(crossCheck, options, output, tradesPath!, Console.Error);
        }
        finally
        {
            if (trades is null && tradesPath is not null)
            {
                File.Delete(tradesPath);
            }
        }
    }

    private static WorkloadSummary Generate(WorkloadOptions options, string output, string? tradesPath)
    {
        using var workload = File.CreateText(output);
        using var trades = tradesPath is null ? null : File.CreateText(tradesPath);
        return WorkloadGenerator.Write(options, workload, trades);
    }

    private static int Number(string text) => int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);

    private static int Usage(string problem)
    {
        Console.Error.WriteLine($"error: {problem}");
        Console.Error.WriteLine("usage: gen [--profile standard|deep] [--orders N (1000000)] [--seed N (1)] [--mid N] [--target-book N] [--spread N]");
        Console.Error.WriteLine("           --out FILE [--trades FILE] [--cross-check GEN_PY (compare byte for byte with the Python generator at that path)]");
        return 2;
    }
}
