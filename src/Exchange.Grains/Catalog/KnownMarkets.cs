using System.Collections.Concurrent;
using Exchange.Contracts.Markets;
using Exchange.Storage.Journal;

namespace Exchange.Grains.Catalog;

/// <summary>
/// Whether a market id names a real market: one listed now (the current period and those ahead, a bounded set), or an
/// earlier one that has a journal. Anything else is made up, and is answered without waking a grain: a caller with a
/// key could otherwise activate one market grain per period since the epoch.
/// </summary>
public sealed class KnownMarkets(MarketListing listing, MarketJournalStore journal)
{
    // Journaled past markets found so far; a market's journal is never deleted, so a yes stays true. Bounded: when full
    // it starts again, and the next question for an evicted market costs one indexed lookup.
    private const int MaxRemembered = 100_000;
    private readonly ConcurrentDictionary<string, bool> _journaled = new(StringComparer.Ordinal);

    /// <summary>The market, or null when the id is malformed, names no configured model or period, or a past market never traded.</summary>
    public async ValueTask<MarketInfo?> FindAsync(string marketId, CancellationToken cancellationToken)
    {
        if (listing.Find(marketId) is not { } market)
        {
            return null;
        }

        if (listing.IsListedNow(market) || _journaled.ContainsKey(marketId))
        {
            return market;
        }

        if (!await journal.HasJournalAsync(marketId, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        if (_journaled.Count >= MaxRemembered)
        {
            _journaled.Clear();
        }

        _journaled[marketId] = true;
        return market;
    }
}
