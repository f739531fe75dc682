using Exchange.Contracts.Catalog;
using Microsoft.Extensions.Options;

namespace Exchange.Grains.Catalog;

/// <summary>Serves the configured catalog; stateless, so any silo can host it after a failover.</summary>
public sealed class CatalogGrain(IOptions<CatalogOptions> options) : Grain, ICatalogGrain
{
    private readonly IReadOnlyList<RegionInfo> _regions = options.Value.Regions
        .Select(r => new RegionInfo(r.Id, r.Name, r.FreeTradePort, r.Gateway))
        .ToArray();

    private readonly IReadOnlyList<ModelInfo> _models = options.Value.Models
        .Select(m => new ModelInfo(m.Id, m.Name, m.Family, m.ContextTokens))
        .ToArray();

    public Task<IReadOnlyList<RegionInfo>> GetRegions() => Task.FromResult(_regions);

    public Task<IReadOnlyList<ModelInfo>> GetModels() => Task.FromResult(_models);
}
