using System.Globalization;
using System.Text.RegularExpressions;
using Exchange.Benchmarks.Workloads;

namespace Exchange.Matching.Tests;

/// <summary>The workload generator: deterministic for a seed, in the documented format, with the documented mix.</summary>
public sealed partial class WorkloadGeneratorTests
{
    private static readonly WorkloadOptions Small = WorkloadOptions.Standard with { Orders = 50_000 };

    [Fact]
    public void The_same_options_and_seed_give_the_same_file()
    {
        Assert.Equal(Generate(Small), Generate(Small));
    }

    [Fact]
    public void Another_seed_gives_another_file()
    {
        Assert.NotEqual(Generate(Small), Generate(Small with { Seed = 2 }));
    }

    [Fact]
    public void The_random_source_draws_what_CPython_draws_for_the_same_seed()
    {
        // random.Random(1).random() three times, and one draw each for a negative and a 64-bit seed.
        var one = new PythonRandom(1);
        Assert.Equal([0.13436424411240122, 0.8474337369372327, 0.763774618976614], [one.NextDouble(), one.NextDouble(), one.NextDouble()]);
        Assert.Equal(0.32383276483316237, new PythonRandom(-7).NextDouble());
        Assert.Equal(0.37701448538609916, new PythonRandom(123456789012).NextDouble());
    }

    [Fact]
    public void The_standard_workload_starts_as_the_published_generator_wrote_it()
    {
        Assert.Equal(["A,1,S,10011,2", "A,2,B,9990,1", "C,1"], Generate(Small with { Orders = 3 }));
    }

    [Fact]
    public void The_standard_workload_trades_what_the_published_figures_quote()
    {
        // RESULT trades=455985 qty=5896061 notional=58946084465 for the standard million, seed 1.
        var summary = WorkloadGenerator.Write(WorkloadOptions.Standard, TextWriter.Null);
        Assert.Equal((455_985L, 5_896_061L, 58_946_084_465L), (summary.Trades, summary.TradedQuantity, summary.Notional));
    }

    [Theory]
    [InlineData("standard")]
    [InlineData("deep")]
    public void Every_line_is_a_limit_market_or_cancel_of_an_earlier_limit(string profile)
    {
        var options = WorkloadOptions.Profile(profile)! with { Orders = 50_000 };
        var lines = Generate(options);
        Assert.Equal(options.Orders, lines.Length);
        long nextId = 1;
        var limits = new HashSet<long>();
        foreach (string line in lines)
        {
            var command = Command().Match(line);
            Assert.True(command.Success, $"not a workload line: {line}");
            long id = long.Parse(command.Groups["id"].Value, CultureInfo.InvariantCulture);
            if (line[0] == 'C')
            {
                Assert.True(limits.Contains(id), $"{line} cancels no earlier limit order");
                continue;
            }
            Assert.Equal(nextId++, id);
            long quantity = long.Parse(command.Groups["qty"].Value, CultureInfo.InvariantCulture);
            Assert.InRange(quantity, 1, 100);
            if (line[0] == 'A')
            {
                limits.Add(id);
            }
        }
    }

    [Fact]
    public void About_six_in_ten_commands_add_three_in_ten_cancel_one_in_ten_are_market_orders()
    {
        var summary = WorkloadGenerator.Write(WorkloadOptions.Standard with { Orders = 200_000 }, TextWriter.Null);
        Assert.InRange(summary.Adds / 200_000.0, 0.58, 0.62);
        Assert.InRange(summary.Cancels / 200_000.0, 0.26, 0.30);
        Assert.InRange(summary.Markets / 200_000.0, 0.10, 0.14);
    }

    [Fact]
    public void The_standard_book_hovers_near_its_target_and_the_deep_one_grows_far_past_it()
    {
        var standard = WorkloadGenerator.Write(WorkloadOptions.Standard with { Orders = 200_000 }, TextWriter.Null);
        var deep = WorkloadGenerator.Write(WorkloadOptions.Deep with { Orders = 200_000 }, TextWriter.Null);
        Assert.InRange(standard.MeanResting, 900, 1_100);
        Assert.True(deep.RestingAtEnd > 30_000, $"deep ends with {deep.RestingAtEnd} resting orders");
    }

    private static string[] Generate(WorkloadOptions options)
    {
        var text = new StringWriter();
        WorkloadGenerator.Write(options, text);
        return text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [GeneratedRegex("^(A,(?<id>[1-9][0-9]*),[BS],[1-9][0-9]*,(?<qty>[0-9]+)|M,(?<id>[1-9][0-9]*),[BS],(?<qty>[0-9]+)|C,(?<id>[1-9][0-9]*))$")]
    private static partial Regex Command();
}
