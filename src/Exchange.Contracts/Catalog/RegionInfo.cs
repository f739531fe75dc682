namespace Exchange.Contracts.Catalog;

/// <summary>A delivery region where GPU clusters sit (e.g. Hainan, Guangdong).</summary>
[GenerateSerializer, Immutable]
public sealed record class RegionInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] bool FreeTradePort,
    [property: Id(3)] string Gateway);
