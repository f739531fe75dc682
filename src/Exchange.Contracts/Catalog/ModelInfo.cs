namespace Exchange.Contracts.Catalog;

/// <summary>An inference product sold by the token, with the weights that turn counted tokens into token-equivalents.</summary>
[GenerateSerializer, Immutable]
public sealed record class ModelInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Family,
    [property: Id(3)] int ContextTokens,
    [property: Id(4)] decimal InputWeight,
    [property: Id(5)] decimal CachedInputWeight,
    [property: Id(6)] decimal OutputWeight);
