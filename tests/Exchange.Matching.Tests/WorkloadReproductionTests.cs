using System.Globalization;
using Exchange.Benchmarks.Workloads;
using Exchange.Matching;

namespace Exchange.Matching.Tests;

/// <summary>
/// The engine reproduces, trade for trade, what the workload generator's reference matcher makes of
/// the standard and deep workloads (lot 1, tick 1, no constraints, every order its own owner, market
/// orders unbanded): the engine follows the workload format's matching rules exactly.
/// </summary>
public sealed class WorkloadReproductionTests
{
    private const int Orders = 200_000;

    [Theory]
    [InlineData("standard")]
    [InlineData("deep")]
    public void Engine_reproduces_the_reference_matcher_trades(string profile)
    {
        var options = WorkloadOptions.Profile(profile)! with { Orders = Orders };
        var workload = new StringWriter();
        var trades = new StringWriter();
        WorkloadGenerator.Write(options, workload, trades);

        string[] expected = Lines(trades);
        var actual = Replay(Lines(workload));

        Assert.True(expected.Length > 10_000, $"the {profile} workload should trade a lot");
        for (int i = 0; i < Math.Min(expected.Length, actual.Count); i++)
        {
            Assert.True(expected[i] == actual[i], $"{profile} trade {i}: expected {expected[i]}, engine made {actual[i]}");
        }
        Assert.Equal(expected.Length, actual.Count);
    }

    private static string[] Lines(StringWriter text) => text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static List<string> Replay(IEnumerable<string> lines)
    {
        var book = new OrderBook(BookConfig.Workload);
        var events = new List<object>();
        var log = new EventLog(events);
        foreach (string line in lines)
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
}
