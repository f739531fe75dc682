namespace Exchange.TestSupport;

/// <summary>The private PostgreSQL that scripts/db.sh runs; tests fail, never skip, when it cannot be had.</summary>
public static class PostgresServer
{
    /// <summary>Environment variable with the connection string (scripts/test.sh sets it after starting the server).</summary>
    public const string Variable = "EXCHANGE_TEST_DB";

    private static readonly Lazy<Task<string>> AdminConnection = new(StartAsync);

    /// <summary>A connection string to the exchange database, with rights to create databases.</summary>
    public static Task<string> GetConnectionStringAsync() => AdminConnection.Value;

    private static async Task<string> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        // Run from an IDE or plain `dotnet test`: start the same private server test.sh would.
        await Scripts.RunAsync("db.sh", ["start"], new Dictionary<string, string> { ["EXCHANGE_DB_FSYNC"] = "off" });
        return await Scripts.RunAsync("db.sh", ["url"]);
    }
}
