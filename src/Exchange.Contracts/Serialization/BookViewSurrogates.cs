using Exchange.Markets;

namespace Exchange.Contracts.Serialization;

[GenerateSerializer, Immutable]
public struct BookViewSurrogate
{
    [Id(0)] public string MarketId;
    [Id(1)] public IReadOnlyList<PriceLevel> Bids;
    [Id(2)] public IReadOnlyList<PriceLevel> Asks;
    [Id(3)] public long Sequence;
    [Id(4)] public long LastTradeSequence;
}

[RegisterConverter]
public sealed class BookViewConverter : IConverter<BookView, BookViewSurrogate>
{
    public BookView ConvertFromSurrogate(in BookViewSurrogate s) => new(s.MarketId, s.Bids, s.Asks, s.Sequence, s.LastTradeSequence);

    public BookViewSurrogate ConvertToSurrogate(in BookView value) => new()
    {
        MarketId = value.MarketId,
        Bids = value.Bids,
        Asks = value.Asks,
        Sequence = value.Sequence,
        LastTradeSequence = value.LastTradeSequence,
    };
}

[GenerateSerializer, Immutable]
public struct PriceLevelSurrogate
{
    [Id(0)] public long PriceMicros;
    [Id(1)] public long Quantity;
    [Id(2)] public int Orders;
}

[RegisterConverter]
public sealed class PriceLevelConverter : IConverter<PriceLevel, PriceLevelSurrogate>
{
    public PriceLevel ConvertFromSurrogate(in PriceLevelSurrogate s) => new(s.PriceMicros, s.Quantity, s.Orders);

    public PriceLevelSurrogate ConvertToSurrogate(in PriceLevel value) => new()
    {
        PriceMicros = value.PriceMicros,
        Quantity = value.Quantity,
        Orders = value.Orders,
    };
}
