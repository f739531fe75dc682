using Exchange.Grains.Catalog;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Exchange.Grains.Tests;

/// <summary>Gives test silos the real providers: grain storage and reminders in PostgreSQL, the shipped catalog.</summary>
public sealed class PostgresSiloConfigurator : ISiloConfigurator
{
    /// <summary>Test cluster property carrying the connection string of the test's own database.</summary>
    public const string ConnectionStringKey = "ExchangeTestConnectionString";

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

        // The catalog as shipped in silo-config/, so these tests also prove the shipped files bind.
        var shipped = new ConfigurationBuilder()
            .AddJsonFile(Exchange.TestSupport.RepositoryPaths.Combine("silo-config", "regions.json"))
            .AddJsonFile(Exchange.TestSupport.RepositoryPaths.Combine("silo-config", "models.json"))
            .Build();
        siloBuilder.Services.AddOptions<CatalogOptions>().Bind(shipped.GetSection(CatalogOptions.SectionName));
    }
}
