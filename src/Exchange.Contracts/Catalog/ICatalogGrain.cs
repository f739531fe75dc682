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
}
