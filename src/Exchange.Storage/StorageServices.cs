using Exchange.Storage.Access;
using Exchange.Storage.Clusters;
using Exchange.Storage.Journal;
using Exchange.Storage.Ledger;
using Exchange.Storage.Metering;
using Exchange.Storage.Migrations;
using Exchange.Storage.Orders;
using Exchange.Storage.Regulator;
using Exchange.Storage.Reservations;
using Exchange.Storage.Settlement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Exchange.Storage;

/// <summary>The one place storage classes are registered: the host and the test silos both come through here, once.</summary>
public static class StorageServices
{
    /// <summary>The exchange's own data source for <paramref name="connectionString"/>, and every storage class over it.</summary>
    public static IServiceCollection AddExchangeStorage(this IServiceCollection services, string connectionString)
    {
        services.TryAddSingleton(_ => ExchangeDataSource.Create(connectionString));
        services.TryAddSingleton<MigrationRunner>();
        services.TryAddSingleton<MarketJournalStore>();
        services.TryAddSingleton<JournalWriter>();
        services.TryAddSingleton<OrderArchive>();
        services.TryAddSingleton<OrderQueries>();
        services.TryAddSingleton<HolderMarketStore>();
        services.TryAddSingleton<ReservationEpochStore>();
        services.TryAddSingleton<ApiKeyStore>();
        services.TryAddSingleton<IdempotencyStore>();
        services.TryAddSingleton<MeterKeyStore>();
        services.TryAddSingleton<MeterReadingStore>();
        services.TryAddSingleton<ClusterHealthStore>();
        services.TryAddSingleton<ReceiptStore>();
        services.TryAddSingleton<DisputeStore>();
        services.TryAddSingleton<SettlementStore>();
        services.TryAddSingleton<Failover.FailoverStore>();
        services.TryAddSingleton<SettlementReplay>();
        services.TryAddSingleton<LedgerStore>();
        services.TryAddSingleton<DeliveryQueries>();
        services.TryAddSingleton<TransferQueries>();
        services.TryAddSingleton<TransferChainVerifier>();
        services.TryAddSingleton<AllocationQueries>();
        services.TryAddSingleton<LedgerHorizon>();
        services.TryAddSingleton<LedgerSummary>();
        services.TryAddSingleton<ChainVerifier>();
        services.TryAddSingleton<CheckpointStore>();
        return services;
    }

    /// <summary>
    /// The classes regulators read through, again, under <paramref name="key"/>, over the keyed data source
    /// <paramref name="dataSource"/> makes: a connection budget of their own, apart from order entry's.
    /// </summary>
    public static IServiceCollection AddKeyedStorageReads(
        this IServiceCollection services, string key, Func<IServiceProvider, NpgsqlDataSource> dataSource)
    {
        services.AddKeyedSingleton(key, (provider, _) => dataSource(provider));
        services.AddKeyedSingleton(key, (provider, k) => new AllocationQueries(Reads(provider, k)));
        services.AddKeyedSingleton(key, (provider, k) => new LedgerSummary(Reads(provider, k)));
        services.AddKeyedSingleton(key, (provider, k) => new LedgerHorizon(Reads(provider, k)));
        services.AddKeyedSingleton(key, (provider, k) => new ChainVerifier(Reads(provider, k)));
        services.AddKeyedSingleton(key, (provider, k) => new CheckpointStore(Reads(provider, k)));
        services.AddKeyedSingleton(key, (provider, k) => new TransferChainVerifier(Reads(provider, k)));
        services.AddKeyedSingleton(key, (provider, k) => new TransferQueries(Reads(provider, k)));
        services.AddKeyedSingleton(key, (provider, k) => new MarketJournalStore(Reads(provider, k)));
        services.AddKeyedSingleton(key, (provider, k) => new Failover.LineageQueries(Reads(provider, k)));
        return services;
    }

    private static NpgsqlDataSource Reads(IServiceProvider provider, object? key) => provider.GetRequiredKeyedService<NpgsqlDataSource>(key);
}
