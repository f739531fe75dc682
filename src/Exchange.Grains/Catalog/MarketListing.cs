using Exchange.Contracts.Markets;
using Exchange.Grains.Markets;
using Exchange.Markets;
using Microsoft.Extensions.Options;

namespace Exchange.Grains.Catalog;

/// <summary>
/// Which markets exist: one per configured model and delivery period, from the current period through the
/// configured number of periods ahead. A pure function of configuration and the clock, so any grain can
/// answer it locally instead of asking a singleton on every order.
/// </summary>
public sealed class MarketListing(IOptions<CatalogOptions> catalog, IOptions<MarketOptions> markets, ExchangeClock clock)
{
    private const int MaxListed = 10_000;

    private TimeSpan Period => markets.Value.Period;

    /// <summary>Markets of every model (or one) whose periods start in [from, to), oldest first.</summary>
    public IReadOnlyList<MarketInfo> List(string? model, DateTimeOffset from, DateTimeOffset to)
    {
        var end = to < ListedUntil ? to : ListedUntil;
        if (from >= end)
        {
            return [];
        }

        var first = PeriodStartOf(from) < from ? PeriodStartOf(from) + Period : PeriodStartOf(from);
        var result = new List<MarketInfo>();
        for (var start = first; start < end && result.Count < MaxListed; start += Period)
        {
            foreach (var m in catalog.Value.Models.Where(m => model is null || m.Id == model))
            {
                result.Add(Info(new MarketId(m.Id, start)));
            }
        }

        return result;
    }

    /// <summary>The listed market with this id, or null when the id names no configured model and listed period.</summary>
    public MarketInfo? Find(string marketId) =>
        MarketId.TryParse(marketId, out var id)
        && catalog.Value.Models.Any(m => m.Id == id.Value.Model)
        && id.Value.PeriodStart == PeriodStartOf(id.Value.PeriodStart)
        && id.Value.PeriodStart < ListedUntil
            ? Info(id.Value)
            : null;

    /// <summary>
    /// Whether the market's period is the current one or still ahead, within the listing: a bounded set of markets that
    /// may exist without a journal yet. Earlier markets exist only if they were traded.
    /// </summary>
    public bool IsListedNow(MarketInfo market) =>
        market.PeriodStart >= PeriodStartOf(clock.UtcNow) && market.PeriodStart < ListedUntil;

    private DateTimeOffset ListedUntil => PeriodStartOf(clock.UtcNow) + (Period * (markets.Value.ListAheadPeriods + 1));

    private MarketInfo Info(MarketId id) => new(
        id.ToString(), id.Model, id.PeriodStart, id.PeriodStart + Period,
        clock.UtcNow < id.PeriodStart, markets.Value.LotSize, markets.Value.TickMicros);

    private DateTimeOffset PeriodStartOf(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % Period.Ticks), TimeSpan.Zero);
}
