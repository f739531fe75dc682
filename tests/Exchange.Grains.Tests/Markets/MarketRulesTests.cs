using Exchange.Contracts.Markets;
using Exchange.Grains.Markets;
using Exchange.Markets;
using Exchange.Storage.Journal;
using Exchange.Storage.Ledger;
using static Exchange.Grains.Tests.Markets.MarketFixtures;

namespace Exchange.Grains.Tests.Markets;

/// <summary>A market trades under the rules it started with, whatever the configuration says when it is restored or replayed.</summary>
public sealed class MarketRulesTests
{
    // What an operator might change between two runs: a coarser tick and lot, a region inserted first, policies reordered.
    private static readonly MarketOptions Changed = new() { TickMicros = 20_000, LotSize = 2_000 };

    private static readonly AttributeCatalog Reordered = new(["fujian", "guangdong", "hainan"], ["no-training", "zdr"]);

    private static long _clock = Start.ToUnixTimeMilliseconds();

    private static PlaceCommand Place(OrderRequest request) => new(Interlocked.Increment(ref _clock), request);

    /// <summary>Runs commands the way the grain does (the first pins the rules) and returns their journal bytes.</summary>
    private static List<byte[]> Trade(MarketCore core, IEnumerable<MarketCommand> commands, List<AllocationRecord>? allocations = null)
    {
        var journal = new List<byte[]>();
        foreach (var command in commands)
        {
            var pinned = core.PinFirst(command);
            var outcome = core.Apply(core.LastSequence + 1, pinned);
            allocations?.AddRange(outcome.Allocations);
            journal.Add(MarketCommandCodec.Encode(pinned));
        }

        return journal;
    }

    private static MarketCore RestoredUnderChangedConfiguration(MarketCore before) =>
        MarketCore.RestoreOrStart(before.MarketId, new MarketSnapshot(before.LastSequence, before.ToSnapshot()), ConfiguredRules.Of(Changed, Reordered));

    [Fact]
    public void The_first_command_carries_the_rules_and_the_journal_keeps_them()
    {
        var core = NewCore();
        var journal = Trade(core, [Place(Bid("b-de", "b1", 0.40m, 1_000)), Place(Bid("b-de", "b2", 0.40m, 1_000))]);

        Assert.Equal(core.Rules, MarketCommandCodec.Decode(journal[0]).Rules);
        Assert.Null(MarketCommandCodec.Decode(journal[1]).Rules);
        Assert.Equal(ConfiguredRules.Of(Options, Attributes), core.Rules);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void A_journal_replayed_under_a_changed_configuration_reproduces_every_allocation(int seed)
    {
        var marketId = NewMarketId();
        var live = NewCore(marketId);
        var allocations = new List<AllocationRecord>();
        var journal = Trade(live, RandomCommands(seed, 1_500), allocations);

        var replay = new MarketCore(marketId, ConfiguredRules.Of(Changed, Reordered));
        var replayed = journal.SelectMany((bytes, i) => replay.Apply(i + 1, MarketCommandCodec.Decode(bytes)).Allocations).ToList();

        Assert.NotEmpty(allocations);
        Assert.Equal(allocations.Select(a => Convert.ToHexString(a.Hash)), replayed.Select(a => Convert.ToHexString(a.Hash)));
        Assert.Equal(live.BookHash, replay.BookHash);
        Assert.Equal(live.Rules, replay.Rules);
    }

    [Theory]
    [InlineData(13, 600)]
    [InlineData(14, 1_100)]
    public void A_snapshot_restored_under_a_changed_configuration_trades_on_exactly_as_one_uninterrupted_run(int seed, int cut)
    {
        var commands = RandomCommands(seed, 1_500);
        var marketId = NewMarketId();
        var whole = NewCore(marketId);
        var wholeAllocations = new List<AllocationRecord>();
        Trade(whole, commands, wholeAllocations);

        var before = NewCore(marketId);
        var allocations = new List<AllocationRecord>();
        Trade(before, commands.Take(cut), allocations);
        var restored = RestoredUnderChangedConfiguration(before);
        Trade(restored, commands.Skip(cut), allocations);

        Assert.Equal(wholeAllocations.Select(a => Convert.ToHexString(a.Hash)), allocations.Select(a => Convert.ToHexString(a.Hash)));
        Assert.Equal(whole.BookHash, restored.BookHash);
    }

    [Fact]
    public void Restored_hainan_capacity_stays_hainan_and_its_price_stays_its_price_when_a_region_is_inserted_and_the_tick_changes()
    {
        var before = NewCore();
        Trade(before, [Place(Ask("p-hn", "a1", 0.41m, 3_000, cluster: "hn-1", region: "hainan"))]);

        var restored = RestoredUnderChangedConfiguration(before);
        var ask = Assert.Single(restored.Depth(10).Asks);
        Assert.Equal(Micros(0.41m), ask.PriceMicros);

        var outcome = restored.Apply(restored.LastSequence + 1, Place(Bid("b-de", "b1", 0.41m, 1_000, regions: ["hainan"])));
        var allocation = Assert.Single(outcome.Allocations);
        Assert.Equal(("hn-1", "hainan", Micros(0.41m)), (allocation.ClusterId, allocation.Region, allocation.PriceMicros));
    }

    [Fact]
    public void A_market_that_starts_after_the_change_trades_under_the_new_values()
    {
        var core = new MarketCore(NewMarketId(), ConfiguredRules.Of(Changed, Reordered));
        Trade(core, [Place(Bid("b-de", "b0", 0.40m, 2_000))]);

        Assert.Equal(RejectCode.InvalidTickSize, core.Apply(core.LastSequence + 1, Place(Bid("b-de", "b1", 0.41m, 2_000))).Reject);
        Assert.Equal(RejectCode.InvalidLotSize, core.Apply(core.LastSequence + 1, Place(Bid("b-de", "b2", 0.40m, 1_000))).Reject);
        Assert.Equal(["fujian", "guangdong", "hainan"], core.Rules.Attributes.Regions);
        Assert.Equal(20_000, core.Rules.TickMicros);
    }

    [Fact]
    public void Only_a_markets_first_command_may_carry_rules()
    {
        var core = NewCore();
        Trade(core, [Place(Bid("b-de", "b1", 0.40m, 1_000))]);

        Assert.Throws<InvalidDataException>(() => core.Apply(2, Place(Bid("b-de", "b2", 0.40m, 1_000)) with { Rules = core.Rules }));
    }
}
