using Exchange.Grains.Clusters;
using Exchange.Grains.Markets;
using Exchange.Storage;
using Exchange.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Exchange.Grains.Tests;

/// <summary>Gives test silos the real providers and services: PostgreSQL storage, reminders and journal, the shipped configuration.</summary>
public sealed class PostgresSiloConfigurator : ISiloConfigurator
{
    /// <summary>Test cluster property carrying the connection string of the test's own database.</summary>
    public const string ConnectionStringKey = "ExchangeTestConnectionString";

    /// <summary>Snapshots come this often in tests, so recovery from a snapshot is exercised.</summary>
    public const int SnapshotEveryCommands = 5;

    public void Configure(ISiloBuilder siloBuilder)
    {
        var connectionString = siloBuilder.Configuration[ConnectionStringKey]
            ?? throw new InvalidOperationException($"Test cluster property {ConnectionStringKey} is missing.");

        siloBuilder.AddAdoNetGrainStorageAsDefault(o =>
        {
            o.Invariant = "Npgsql";
            o.ConnectionString = connectionString;
        });
        siloBuilder.UseAdoNetReminderService(o =>
        {
            o.Invariant = "Npgsql";
            o.ConnectionString = connectionString;
        });

        // The configuration as shipped in silo-config/, so these tests also prove the shipped files bind.
        var shipped = new ConfigurationBuilder()
            .AddJsonFile(RepositoryPaths.Combine("silo-config", "silo.json"))
            .AddJsonFile(RepositoryPaths.Combine("silo-config", "regions.json"))
            .AddJsonFile(RepositoryPaths.Combine("silo-config", "models.json"))
            .AddJsonFile(RepositoryPaths.Combine("silo-config", "policy.json"))
            .Build();
        siloBuilder.Services.AddSingleton(new ExchangeClock(ManualClock.Shared));
        siloBuilder.Services.AddExchangeStorage(connectionString);
        siloBuilder.Services.AddExchangeGrainServices(shipped);
        // Health is checked every second, so a test of a transition waits a second for it, not five.
        siloBuilder.Services.PostConfigure<ClusterHealthOptions>(o => o.CheckIntervalSeconds = 1);
        // The market tests place orders on markets directly, as no production caller may.
        siloBuilder.Services.PostConfigure<MarketOptions>(o =>
        {
            o.SnapshotEveryCommands = SnapshotEveryCommands;
            o.AcceptUncheckedOrders = true;
        });
    }
}
