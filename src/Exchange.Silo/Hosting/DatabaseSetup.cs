using Exchange.Storage;

namespace Exchange.Silo.Hosting;

/// <summary>Registers the exchange's data source with every storage class, and the start-up migration step.</summary>
internal static class DatabaseSetup
{
    public static WebApplicationBuilder AddExchangeDatabase(this WebApplicationBuilder builder)
    {
        var connectionString = builder.GetConnectionString();
        builder.Services.AddExchangeStorage(connectionString);
        builder.Services.AddSingleton<DatabaseStartup>();
        return builder;
    }

    public static string GetConnectionString(this WebApplicationBuilder builder) =>
        builder.Configuration.GetConnectionString(ExchangeDataSource.ConnectionStringName) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"No connection string: set ConnectionStrings__{ExchangeDataSource.ConnectionStringName} (scripts/run.sh does this for the private PostgreSQL).");
}
