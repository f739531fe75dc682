using System.Globalization;

namespace Exchange.Benchmarks;

/// <summary>
/// <c>throughput --workload FILE [--trades FILE] [--passes N] [--capacity N]</c> and
/// <c>constrained [--resting N] [--commands N] [--passes N] [--classes N]</c> and <c>memory [--orders N]</c>.
/// </summary>
public static class HarnessCommandLine
{
    public static int Run(string[] args)
    {
        string? workload = null, trades = null;
        int passes = 5, resting = 100_000, commands = 2_000_000, orders = 1_000_000, classes = 2, capacity = WorkloadRunner.DefaultCapacity;
        for (int i = 1; i < args.Length; i++)
        {
            string value = i + 1 < args.Length ? args[i + 1] : "";
            switch (args[i])
            {
                case "--workload":
                    workload = value;
                    i++;
                    break;
                case "--trades":
                    trades = value;
                    i++;
                    break;
                case "--passes":
                    passes = int.Parse(value, CultureInfo.InvariantCulture);
                    i++;
                    break;
                case "--resting":
                    resting = int.Parse(value, CultureInfo.InvariantCulture);
                    i++;
                    break;
                case "--capacity":
                    capacity = int.Parse(value, CultureInfo.InvariantCulture);
                    i++;
                    break;
                case "--classes":
                    classes = int.Parse(value, CultureInfo.InvariantCulture);
                    i++;
                    break;
                case "--orders":
                    orders = int.Parse(value, CultureInfo.InvariantCulture);
                    i++;
                    break;
                case "--commands":
                    commands = int.Parse(value, CultureInfo.InvariantCulture);
                    i++;
                    break;
                default:
                    return Usage($"unknown argument '{args[i]}'");
            }
        }
#if DEBUG
        Console.Error.WriteLine("warning: Debug build; use -c Release for meaningful timings");
#endif
        if (args[0] == "memory")
        {
            return MemoryHarness.Run(orders, Console.Out);
        }
        if (args[0] == "constrained")
        {
            return ConstrainedHarness.Run(resting, commands, passes, classes, Console.Out);
        }
        if (workload is null)
        {
            return Usage("--workload FILE is required");
        }
        WorkloadCommand[] loaded;
        try
        {
            loaded = WorkloadFile.Load(workload);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
        return ThroughputHarness.Run(loaded, passes, capacity, trades, Console.Out);
    }

    private static int Usage(string problem)
    {
        Console.Error.WriteLine($"error: {problem}");
        Console.Error.WriteLine("usage: throughput --workload FILE [--trades FILE] [--passes N] [--capacity N (0 = config default)]");
        Console.Error.WriteLine("       constrained [--resting N] [--commands N] [--passes N] [--classes N (ask attribute sets, 2 = half/half)]");
        Console.Error.WriteLine("       memory [--orders N]");
        Console.Error.WriteLine("       (anything else runs BenchmarkDotNet, e.g. --filter '*')");
        return 2;
    }
}
