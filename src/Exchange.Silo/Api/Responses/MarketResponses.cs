using Exchange.Contracts.Markets;
using Exchange.Markets;

namespace Exchange.Silo.Api.Responses;

/// <summary>A listed market: one model for one delivery period, with its trading units.</summary>
public sealed record MarketResponse(string MarketId, string Model, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd, string Status, long LotSize, string TickSize)
{
    public static MarketResponse From(MarketInfo market)
    {
        ArgumentNullException.ThrowIfNull(market);
        return new(market.MarketId, market.Model, market.PeriodStart, market.PeriodEnd, market.Open ? "open" : "closed", market.LotSize, ApiFormat.Price(market.TickMicros));
    }
}

/// <summary>Aggregated depth, best first, with no identities.</summary>
/// <param name="LastTradeSequence">The market's last trade as of this view; the trade tape continues after it.</param>
public sealed record BookResponse(string MarketId, IReadOnlyList<LevelResponse> Bids, IReadOnlyList<LevelResponse> Asks, long LastTradeSequence)
{
    public static BookResponse From(BookView book)
    {
        ArgumentNullException.ThrowIfNull(book);
        return new(book.MarketId, [.. book.Bids.Select(LevelResponse.From)], [.. book.Asks.Select(LevelResponse.From)], book.LastTradeSequence);
    }
}

/// <summary>One price level: price, total quantity, how many orders.</summary>
public sealed record LevelResponse(string Price, long Quantity, int Orders)
{
    public static LevelResponse From(PriceLevel level)
    {
        ArgumentNullException.ThrowIfNull(level);
        return new(ApiFormat.Price(level.PriceMicros), level.Quantity, level.Orders);
    }
}
