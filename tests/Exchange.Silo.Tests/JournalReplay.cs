using Exchange.Grains.Markets;
using Exchange.Markets;
using Exchange.Storage.Journal;
using Exchange.TestSupport;

namespace Exchange.Silo.Tests;

/// <summary>Every order of some markets as their journals say, kept current by replaying what was journaled since the last look.</summary>
public sealed class JournalReplay(TestDatabase db, IEnumerable<string> markets)
{
    private readonly List<MarketCore> _cores = [.. markets.Select(m => new MarketCore(m, ShippedConfiguration.Rules))];

    /// <summary>Every order of the markets, open or finished, with its market's delivery period, after all that is journaled now.</summary>
    public async Task<IReadOnlyList<(DateTimeOffset PeriodStart, MarketOrder Order)>> OrdersAsync()
    {
        var journal = new MarketJournalStore(db.DataSource);
        foreach (var core in _cores)
        {
            await foreach (var entry in journal.ReadAsync(core.MarketId, core.LastSequence, CancellationToken.None))
            {
                core.Apply(entry.Sequence, MarketCommandCodec.Decode(entry.Command));
            }
        }

        return [.. _cores.SelectMany(c => c.Orders.Select(o => (c.PeriodStart, o)))];
    }
}
