namespace Exchange.Contracts.Markets;

/// <summary>A listed market: one model for one delivery period, with its trading units.</summary>
[GenerateSerializer, Immutable]
public sealed record class MarketInfo(
    [property: Id(0)] string MarketId,
    [property: Id(1)] string Model,
    [property: Id(2)] DateTimeOffset PeriodStart,
    [property: Id(3)] DateTimeOffset PeriodEnd,
    [property: Id(4)] bool Open,
    [property: Id(5)] long LotSize,
    [property: Id(6)] long TickMicros);
