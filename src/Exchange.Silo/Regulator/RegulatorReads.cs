using Exchange.Grains.Catalog;
using Exchange.Grains.Markets;
using Exchange.Storage;
using Exchange.Storage.Journal;
using Microsoft.Extensions.Options;

namespace Exchange.Silo.Regulator;

/// <summary>
/// Regulators' reads run on a connection budget of their own (<see cref="RegulatorOptions.MaxConnections"/>): the query
/// classes they use are registered again under <see cref="Key"/>, over a data source of that size, and the regulator
/// endpoints ask for those. The unkeyed ones, on the exchange's own data source, stay with order entry and the settler.
/// </summary>
public static class RegulatorReads
{
    /// <summary>The service key of the regulator's data source and query classes.</summary>
    public const string Key = "regulator";

    public static IServiceCollection AddRegulatorReads(this IServiceCollection services, string connectionString)
    {
        services.AddKeyedStorageReads(Key, provider =>
        {
            var options = provider.GetRequiredService<IOptions<RegulatorOptions>>().Value;
            return ExchangeDataSource.CreateForReads(connectionString, Key, options.MaxConnections, options.ConnectionWaitSeconds, options.StatementSeconds);
        });
        services.AddKeyedSingleton(Key, (provider, key) => new OrderLifecycles(
            provider.GetRequiredKeyedService<MarketJournalStore>(key),
            provider.GetRequiredService<IOptions<MarketOptions>>(),
            provider.GetRequiredService<IOptions<CatalogOptions>>()));
        return services;
    }
}
