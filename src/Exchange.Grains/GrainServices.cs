using Exchange.Grains.Catalog;
using Exchange.Grains.Clusters;
using Exchange.Grains.Markets;
using Exchange.Grains.Tenants;
using Exchange.Storage.Journal;
using Exchange.Storage.Orders;
using Exchange.Storage.Reservations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Exchange.Grains;

/// <summary>Registers what the grains need beside the data source: validated options, the journal store and a clock.</summary>
public static class GrainServices
{
    /// <summary>Adds the grains' services; the host (or test) registers the <c>NpgsqlDataSource</c> itself.</summary>
    public static IServiceCollection AddExchangeGrainServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CatalogOptions>().Bind(configuration.GetSection(CatalogOptions.SectionName)).ValidateProblems(o => o.Problems());
        services.AddOptions<MarketOptions>().Bind(configuration.GetSection(MarketOptions.SectionName)).ValidateProblems(o => o.Problems());
        services.AddOptions<TenantOptions>().Bind(configuration.GetSection(TenantOptions.SectionName)).ValidateProblems(o => o.Problems());
        services.AddOptions<ClusterHealthOptions>().Bind(configuration.GetSection(ClusterHealthOptions.SectionName)).ValidateProblems(o => o.Problems());
        services.TryAddSingleton(new ExchangeClock(TimeProvider.System));
        services.TryAddSingleton<MarketJournalStore>();
        services.TryAddSingleton<JournalWriter>();
        services.TryAddSingleton<OrderArchive>();
        services.TryAddSingleton<OrderQueries>();
        services.TryAddSingleton<HolderMarketStore>();
        services.TryAddSingleton<ReservationEpochStore>();
        services.TryAddSingleton<MarketListing>();
        services.TryAddSingleton<KnownMarkets>();
        services.TryAddSingleton<FinishedOrders>();
        services.TryAddSingleton<HolderMarkets>();
        services.TryAddSingleton<OrderListing>();
        return services;
    }
}
