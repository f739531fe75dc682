namespace Exchange.Contracts.Catalog;

/// <summary>The exchange's catalog of regions and models; a singleton keyed by <see cref="SingletonKey"/>.</summary>
public interface ICatalogGrain : IGrainWithStringKey
{
    /// <summary>The one key under which the catalog lives.</summary>
    const string SingletonKey = "catalog";

    /// <summary>Every configured region, in configuration order.</summary>
    Task<IReadOnlyList<RegionInfo>> GetRegions();

    /// <summary>Every configured model, in configuration order.</summary>
    Task<IReadOnlyList<ModelInfo>> GetModels();

    /// <summary>
    /// Markets of every model (or of <paramref name="model"/>) whose periods start in [from, to), oldest first.
    /// Every model always has markets listed for the configured number of coming periods; a market closes at its period start.
    /// </summary>
    Task<IReadOnlyList<Markets.MarketInfo>> GetMarkets(string? model, DateTimeOffset from, DateTimeOffset to);

    /// <summary>The listed market with this id, or null when the id names no listed model and period.</summary>
    Task<Markets.MarketInfo?> GetMarket(string marketId);
}
