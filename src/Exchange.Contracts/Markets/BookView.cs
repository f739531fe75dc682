namespace Exchange.Contracts.Markets;

/// <summary>Aggregated price levels of one market, best first, with no identities, as of journal <c>Sequence</c> and trade <c>LastTradeSequence</c>.</summary>
[GenerateSerializer, Immutable]
public sealed record class BookView(
    [property: Id(0)] string MarketId,
    [property: Id(1)] IReadOnlyList<PriceLevel> Bids,
    [property: Id(2)] IReadOnlyList<PriceLevel> Asks,
    [property: Id(3)] long Sequence,
    [property: Id(4)] long LastTradeSequence);

/// <summary>One aggregated level: price, total quantity and how many orders rest there.</summary>
[GenerateSerializer, Immutable]
public sealed record class PriceLevel(
    [property: Id(0)] long PriceMicros,
    [property: Id(1)] long Quantity,
    [property: Id(2)] int Orders);
