namespace Exchange.Contracts.Catalog;

/// <summary>An inference product sold by the token.</summary>
[GenerateSerializer, Immutable]
public sealed record class ModelInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Family,
    [property: Id(3)] int ContextTokens);
