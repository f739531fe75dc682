using System.Diagnostics;
using System.Globalization;
using Exchange.Matching;

namespace Exchange.Matching.Tests;

/// <summary>
/// The engine reproduces, trade for trade, what shared/bench/gen.py's own reference matcher makes of
/// its workloads (lot 1, tick 1, no constraints, every order its own owner, market orders unbanded).
/// </summary>
public sealed class WorkloadReproductionTests
{
    [Theory]
    [InlineData("standard", "")]
    [InlineData("deep", "--target-book 100000 --spread 2000")]
    public void Engine_reproduces_the_generator_trades(string name, string extraArguments)
    {
        string directory = Path.Combine(Path.GetTempPath(), $"exchange-matching-tests-{Environment.ProcessId}-{name}");
        Directory.CreateDirectory(directory);
        try
        {
            string workload = Path.Combine(directory, "workload.txt");
            string trades = Path.Combine(directory, "trades.txt");
            Generate($"--orders 200000 --seed 1 {extraArguments} --out {workload} --trades {trades}");
            var expected = File.ReadAllLines(trades);
            var actual = Replay(workload);
            Assert.True(expected.Length > 10_000, $"the {name} workload should trade a lot");
            for (int i = 0; i < Math.Min(expected.Length, actual.Count); i++)
            {
                Assert.True(expected[i] == actual[i], $"{name} trade {i}: expected {expected[i]}, engine made {actual[i]}");
            }
            Assert.Equal(expected.Length, actual.Count);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static List<string> Replay(string path)
    {
        var book = new OrderBook(BookConfig.Workload);
        var events = new List<object>();
        var log = new EventLog(events);
        foreach (string line in File.ReadLines(path))
        {
            string[] f = line.Split(',');
            long id = long.Parse(f[1], CultureInfo.InvariantCulture);
            var side = f.Length > 2 && f[2] == "B" ? Side.Buy : Side.Sell;
            switch (f[0])
            {
                case "A":
                    book.Place(PlaceOrder.Limit(id, (int)id, side, long.Parse(f[3], CultureInfo.InvariantCulture), long.Parse(f[4], CultureInfo.InvariantCulture)), ref log);
                    break;
                case "M":
                    book.Place(PlaceOrder.Market(id, (int)id, side, long.Parse(f[3], CultureInfo.InvariantCulture)), ref log);
                    break;
                default:
                    book.Cancel(id, 0, ref log);
                    break;
            }
        }
        book.ValidateInternalState();
        return events.OfType<Fill>().Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.MakerId},{t.TakerId},{t.Price},{t.Quantity}")).ToList();
    }

    private static void Generate(string arguments)
    {
        var start = new ProcessStartInfo("python3", $"{GeneratorPath()} {arguments}")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start python3");
        string errors = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(120_000), "gen.py did not finish within 120 s");
        Assert.True(process.ExitCode == 0, $"gen.py failed: {errors}");
    }

    /// <summary>shared/ sits beside the repository: walk up to the folder holding Exchange.sln.</summary>
    private static string GeneratorPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Exchange.sln")))
            {
                string path = Path.Combine(dir.FullName, "..", "shared", "bench", "gen.py");
                Assert.True(File.Exists(path), $"expected the workload generator at {path}");
                return path;
            }
        }
        throw new InvalidOperationException("no Exchange.sln above " + AppContext.BaseDirectory);
    }
}
