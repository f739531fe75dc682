using Exchange.TestSupport;

namespace Exchange.Silo.Tests;

/// <summary>A PostgreSQL of one test's own, started by our script, so stopping it disturbs no other test.</summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"exchange-private-{Guid.NewGuid():N}");
    private readonly Dictionary<string, string> _environment;

    private PrivatePostgres()
    {
        _environment = new Dictionary<string, string>
        {
            ["EXCHANGE_DB_PORT"] = FreePorts.Take(1)[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["EXCHANGE_DB_DIR"] = _dir,
            ["EXCHANGE_DB_FSYNC"] = "off",
        };
    }

    public string ConnectionString { get; private set; } = "";

    public static async Task<PrivatePostgres> StartAsync()
    {
        var postgres = new PrivatePostgres();
        await postgres.StartAgainAsync();
        postgres.ConnectionString = await Scripts.RunAsync("db.sh", ["url"], postgres._environment);
        return postgres;
    }

    public Task StopAsync() => Scripts.RunAsync("db.sh", ["stop"], _environment);

    public Task StartAgainAsync() => Scripts.RunAsync("db.sh", ["start"], _environment);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(_dir, recursive: true);
        File.Delete(_dir + ".lock");
    }
}
