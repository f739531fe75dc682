using Exchange.Grains.Catalog;
using Exchange.Grains.Markets;
using Exchange.Markets;
using Exchange.TestSupport;
using Microsoft.Extensions.Configuration;

namespace Exchange.Silo.Tests;

/// <summary>The options the silo runs with, read from silo-config/ as shipped, for replaying journals outside the silo.</summary>
public static class ShippedConfiguration
{
    private static readonly IConfigurationRoot Root = new ConfigurationBuilder()
        .AddJsonFile(RepositoryPaths.Combine("silo-config", "silo.json"))
        .AddJsonFile(RepositoryPaths.Combine("silo-config", "regions.json"))
        .AddJsonFile(RepositoryPaths.Combine("silo-config", "models.json"))
        .AddJsonFile(RepositoryPaths.Combine("silo-config", "policy.json"))
        .Build();

    public static MarketOptions Markets { get; } = Root.GetSection(MarketOptions.SectionName).Get<MarketOptions>()!;

    public static CatalogOptions Catalog { get; } = Root.GetSection(CatalogOptions.SectionName).Get<CatalogOptions>()!;

    public static AttributeCatalog Attributes { get; } = ConfiguredRules.Attributes(Catalog);

    /// <summary>The rules a market starting now would pin; a journal's first command pins its own, which replay then follows.</summary>
    public static MarketRules Rules { get; } = ConfiguredRules.Of(Markets, Attributes);
}
