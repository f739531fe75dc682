using Exchange.Grains.Catalog;
using Exchange.Markets;

namespace Exchange.Grains.Markets;

/// <summary>The rules configuration gives a market that starts now; a market keeps them once its first command pins them.</summary>
public static class ConfiguredRules
{
    /// <summary>The catalog's regions and data policies, numbered in the configured order.</summary>
    public static AttributeCatalog Attributes(CatalogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new AttributeCatalog(options.Regions.Select(r => r.Id), options.DataPolicies);
    }

    public static MarketRules Of(MarketOptions options, CatalogOptions catalog) => Of(options, Attributes(catalog));

    public static MarketRules Of(MarketOptions options, AttributeCatalog attributes)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(attributes);
        return new MarketRules(
            options.PeriodMinutes, options.LotSize, options.TickMicros, options.MaxPriceMicros, options.MaxOrderQuantity, options.MarketBandTicks,
            attributes.Regions, attributes.DataPolicies);
    }
}
