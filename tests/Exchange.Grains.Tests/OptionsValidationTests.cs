using Exchange.Grains;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Exchange.Grains.Tests;

/// <summary>A setting the grains cannot run with stops the silo at start, naming the setting, instead of failing later in a grain.</summary>
public sealed class OptionsValidationTests
{
    private static readonly Dictionary<string, string?> Usable = new()
    {
        ["Catalog:Regions:0:Id"] = "hainan",
        ["Catalog:Regions:0:Name"] = "Hainan",
        ["Catalog:Models:0:Id"] = "chat-70b",
        ["Catalog:Models:0:Name"] = "70B chat",
    };

    private static void ValidateAtStart(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddExchangeGrainServices(configuration).BuildServiceProvider();
        services.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void The_shipped_defaults_and_a_minimal_catalog_start()
    {
        ValidateAtStart(Usable);
    }

    [Theory]
    [InlineData("Tenants:ReconcileSeconds", "0")]
    [InlineData("Tenants:ReservationLeaseSeconds", "0")]
    [InlineData("Tenants:DefaultOrdersPerSecond", "0")]
    [InlineData("Tenants:DefaultCreditLimit", "-1")]
    [InlineData("Tenants:DefaultMaxOpenOrders", "-1")]
    [InlineData("Tenants:DefaultMaxTokensPerPeriod", "-1")]
    [InlineData("Tenants:BlockedJurisdictions:0", "Germany")]
    [InlineData("Clusters:SuspectAfterSeconds", "0")]
    [InlineData("Clusters:FailAfterSeconds", "0")]
    [InlineData("Clusters:CheckIntervalSeconds", "0")]
    [InlineData("Clusters:ReconcileSeconds", "-5")]
    [InlineData("Clusters:ReservationLeaseSeconds", "0")]
    [InlineData("Markets:TickMicros", "1")]
    [InlineData("Markets:MarketBandTicks", "200000000")]
    [InlineData("Markets:MaxOrderQuantity", "9000000000000000000")]
    [InlineData("Catalog:Models:0:Weights:Input", "-1")]
    [InlineData("Catalog:Models:0:Weights:Output", "0.0000000000001")]
    [InlineData("Catalog:Models:0:Weights:Output", "1000001")]
    public void A_setting_out_of_range_stops_the_start_and_is_named(string key, string value)
    {
        var settings = new Dictionary<string, string?>(Usable) { [key] = value };

        var refused = Assert.Throws<OptionsValidationException>(() => ValidateAtStart(settings));

        Assert.Contains(key.Split(':')[0] + ":" + key.Split(':')[1], refused.Message, StringComparison.Ordinal);
    }
}
