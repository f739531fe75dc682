using Exchange.Contracts.Catalog;
using Exchange.Contracts.Markets;
using Microsoft.Extensions.Options;

namespace Exchange.Grains.Catalog;

/// <summary>Serves the configured catalog and the market listing; stateless, so it reactivates on any silo after a failover.</summary>
public sealed class CatalogGrain(IOptions<CatalogOptions> options, MarketListing listing) : Grain, ICatalogGrain
{
    private readonly IReadOnlyList<RegionInfo> _regions = options.Value.Regions
        .Select(r => new RegionInfo(r.Id, r.Name, r.FreeTradePort, r.Gateway))
        .ToArray();

    private readonly IReadOnlyList<ModelInfo> _models = options.Value.Models
        .Select(m => new ModelInfo(m.Id, m.Name, m.Family, m.ContextTokens, m.Weights.Input, m.Weights.CachedInput, m.Weights.Output))
        .ToArray();

    public Task<IReadOnlyList<RegionInfo>> GetRegions() => Task.FromResult(_regions);

    public Task<IReadOnlyList<ModelInfo>> GetModels() => Task.FromResult(_models);

    public Task<IReadOnlyList<MarketInfo>> GetMarkets(string? model, DateTimeOffset from, DateTimeOffset to) =>
        Task.FromResult(listing.List(model, from, to));

    public Task<MarketInfo?> GetMarket(string marketId) => Task.FromResult(listing.Find(marketId));
}
