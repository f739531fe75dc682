using Exchange.Grains.Catalog;
using Exchange.Grains.Failover;
using Exchange.Grains.Clusters;
using Exchange.Grains.Markets;
using Exchange.Grains.Settlement;
using Exchange.Grains.Tenants;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Exchange.Grains;

/// <summary>Registers what the grains need beside storage (<c>StorageServices.AddExchangeStorage</c>): validated options and a clock.</summary>
public static class GrainServices
{
    /// <summary>Adds the grains' services; the host (or test) adds storage itself, once.</summary>
    public static IServiceCollection AddExchangeGrainServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<CatalogOptions>(configuration.GetSection(CatalogOptions.SectionName));
        services.AddValidatedOptions<MarketOptions>(configuration.GetSection(MarketOptions.SectionName));
        services.AddValidatedOptions<TenantOptions>(configuration.GetSection(TenantOptions.SectionName));
        services.AddValidatedOptions<ClusterHealthOptions>(configuration.GetSection(ClusterHealthOptions.SectionName));
        services.AddValidatedOptions<SettlementOptions>(configuration.GetSection(SettlementOptions.SectionName));
        services.AddValidatedOptions<FailoverOptions>(configuration.GetSection(FailoverOptions.SectionName));
        services.TryAddSingleton(new ExchangeClock(TimeProvider.System));
        services.TryAddSingleton<MarketListing>();
        services.TryAddSingleton<KnownMarkets>();
        services.TryAddSingleton<FinishedOrders>();
        services.TryAddSingleton<HolderMarkets>();
        services.TryAddSingleton<OrderListing>();
        return services;
    }
}
