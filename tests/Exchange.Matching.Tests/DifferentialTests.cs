using CsCheck;
using Exchange.Matching;

namespace Exchange.Matching.Tests;

public sealed class DifferentialTests
{
    [Fact]
    public void Engine_and_reference_agree_on_fixed_seed_streams()
    {
        FixedSeeds.Check(ScenarioGen.Any, StreamChecker.Run, count: 1_500, stream: 1);
    }


    [Fact]
    public void Snapshot_restore_and_replay_equals_one_uninterrupted_run()
    {
        FixedSeeds.Check(Gen.Select(ScenarioGen.Any, Gen.Int[0, 1_000]), RestoreAndReplay, count: 1_500, stream: 3);
    }

    private static void RestoreAndReplay((Scenario Scenario, int Cut) sample)
    {
        var (scenario, cut) = sample;
        int split = cut % (scenario.Commands.Count + 1);
        var whole = new OrderBook(scenario.Config);
        var wholeEvents = new List<object>();
        var log = new EventLog(wholeEvents);
        var first = new OrderBook(scenario.Config);
        var firstEvents = new List<object>();
        var firstLog = new EventLog(firstEvents);
        for (int i = 0; i < split; i++)
        {
            scenario.Commands[i].Apply(whole, ref log);
            scenario.Commands[i].Apply(first, ref firstLog);
        }
        int eventsAtSplit = wholeEvents.Count;
        var restored = OrderBook.Restore(first.ToSnapshot());
        restored.ValidateInternalState();
        Assert.Equal(first.StateHash(), restored.StateHash());
        Assert.Equal(ReferenceBook.EngineDump(first), ReferenceBook.EngineDump(restored));
        var replayEvents = new List<object>();
        var replayLog = new EventLog(replayEvents);
        for (int i = split; i < scenario.Commands.Count; i++)
        {
            scenario.Commands[i].Apply(whole, ref log);
            scenario.Commands[i].Apply(restored, ref replayLog);
            restored.ValidateInternalState();
        }
        Assert.Equal(wholeEvents.Skip(eventsAtSplit), replayEvents);
        Assert.Equal(whole.StateHash(), restored.StateHash());
    }
}

/// <summary>Separate classes so xUnit runs the long differential properties in parallel.</summary>
public sealed class ManyClassDifferentialTests
{
    [Fact]
    public void Engine_and_reference_agree_on_fixed_seed_streams_with_many_attribute_sets()
    {
        FixedSeeds.Check(ScenarioGen.ManyClasses, StreamChecker.Run, count: 20, stream: 2);
    }

    [Fact]
    public void Many_attribute_set_streams_rest_more_than_one_class_word_on_a_side()
    {
        // Guards the generator: without more than 64 live classes the word boundaries of the class sets go untested.
        int most = 0;
        foreach (string seed in FixedSeeds.Seeds(20, stream: 2))
        {
            ScenarioGen.ManyClasses.Sample(scenario =>
            {
                var book = new OrderBook(scenario.Config);
                var log = new EventLog([]);
                foreach (var command in scenario.Commands)
                {
                    command.Apply(book, ref log);
                    int sets = book.RestingOrders().Where(o => o.Side == Side.Sell).Select(o => o.Cluster with { ClusterId = 0 }).Distinct().Count();
                    most = Math.Max(most, sets);
                }
            }, seed: seed, iter: 1, threads: 1);
        }
        Assert.True(most > 64, $"at most {most} ask attribute sets rested at once");
    }
}
