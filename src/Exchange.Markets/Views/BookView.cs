namespace Exchange.Markets;

/// <summary>Aggregated price levels of one market, best first, with no identities, as of journal <c>Sequence</c> and trade <c>LastTradeSequence</c>.</summary>
public sealed record class BookView(
    string MarketId,
    IReadOnlyList<PriceLevel> Bids,
    IReadOnlyList<PriceLevel> Asks,
    long Sequence,
    long LastTradeSequence);

/// <summary>One aggregated level: price, total quantity and how many orders rest there.</summary>
public sealed record class PriceLevel(
    long PriceMicros,
    long Quantity,
    int Orders);
