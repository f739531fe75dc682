using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Exchange.Storage.Ledger;
using Exchange.TestSupport;

namespace Exchange.Silo.Tests.Api;

/// <summary>The API test classes share one silo process (and its database); each test makes its own tenants.</summary>
[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiSiloFixture>
{
    public const string Name = "api";
}

/// <summary>
/// One real silo on loopback against its own PostgreSQL database, started with a random bootstrap operator key. Clusters
/// do not time out during a run (nothing changes in the background), and request bodies are capped at
/// <see cref="MaxBodyBytes"/>. Markets a few hours ahead are handed out one per trading test, so no test sees another's orders.
/// </summary>
public sealed class ApiSiloFixture : IAsyncLifetime
{
    public const int MaxBodyBytes = 16 * 1024;

    private List<string> _markets = [];
    private int _nextMarket;

    /// <summary>The operator key the silo accepts: random, passed as <c>--Exchange:BootstrapKey</c> (which overrides any inherited variable).</summary>
    public string BootstrapKey { get; } = "boot-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public TestDatabase Database { get; private set; } = null!;

    public SiloProcess Silo { get; private set; } = null!;

    /// <summary>The Orleans cluster the silo runs, for tests that ask the runtime itself.</summary>
    public string ClusterId { get; } = $"api-{Guid.NewGuid():N}";

    /// <summary>The bootstrap operator.</summary>
    public ApiClient Operator => Client($"Bearer {BootstrapKey}");

    /// <summary>
    /// A market in which only bids at 0.10 or less and asks at 0.90 or more are placed, so nothing in it ever trades; for
    /// tests that need an order but assert nothing about the market.
    /// </summary>
    public string QuietMarket { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync("api", migrate: false);
        Silo = SiloProcess.Start(Database.ConnectionString, ClusterId,
            $"--Exchange:BootstrapKey={BootstrapKey}",
            $"--Api:MaxRequestBodyBytes={MaxBodyBytes}",
            "--Regulator:CheckpointSeconds=1",
            "--Regulator:SettleMilliseconds=2000",
            "--Regulator:SettleIntervalMilliseconds=100",
            "--Clusters:SuspectAfterSeconds=86400",
            "--Silo:Dashboard=false");
        await Silo.WaitReadyAsync();

        // Markets from three hours ahead: none closes during a run.
        var from = DateTimeOffset.UtcNow.AddHours(3).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var listed = (await Operator.GetAsync($"/v1/markets?status=open&limit=1000&from={from}")).Expect(HttpStatusCode.OK);
        _markets = [.. listed.Items.Select(m => m.GetProperty("marketId").GetString()!)];
        QuietMarket = _markets[0];
        _nextMarket = 1;
    }

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>Runs <paramref name="action"/> (requests and their checks) and asserts that nothing was stored meanwhile.</summary>
    public async Task<T> StoresNothingAsync<T>(Func<Task<T>> action)
    {
        ArgumentNullException.ThrowIfNull(action);

        // Orders that finished before the action reach the order store behind the journal; their rows are not the action's.
        var markets = await Database.ScalarAsync<string[]>("SELECT coalesce(array_agg(DISTINCT market_id), '{}') FROM market_journal_batches");
        await JournalVerifier.OrderStoreHoldsTheFinishedOrdersAsync(Database, markets);
        return await StoredState.UnchangedAsync(Database, action);
    }

    /// <inheritdoc cref="StoresNothingAsync{T}(Func{Task{T}})"/>
    public Task StoresNothingAsync(Func<Task> action) => StoresNothingAsync(async () =>
    {
        await action();
        return true;
    });

    /// <summary>Waits until the ledger's settled horizon passes now, so regulators see every allocation made before this call.</summary>
    public async Task WaitForSettledLedgerAsync()
    {
        var now = new DateTimeOffset(DateTime.SpecifyKind(await Database.ScalarAsync<DateTime>("SELECT clock_timestamp()"), DateTimeKind.Utc));
        await Eventually.HoldsAsync("the ledger settles", TimeSpan.FromSeconds(20),
            async () => await ReadLedgerHorizonAsync() > now, TimeSpan.FromMilliseconds(50));
    }

    /// <summary>The ledger's settled horizon as it stands.</summary>
    public Task<DateTimeOffset> ReadLedgerHorizonAsync() => new LedgerHorizon(Database.DataSource).ReadAsync(CancellationToken.None);

    /// <summary>A client that sends exactly this Authorization header value (none when null).</summary>
    public ApiClient Client(string? authorization) => new(Silo.Http, authorization);

    /// <summary>An open market no other test trades in.</summary>
    public string NextMarket()
    {
        var index = Interlocked.Increment(ref _nextMarket) - 1;
        return index < _markets.Count ? _markets[index] : throw new InvalidOperationException($"All {_markets.Count} listed markets are taken.");
    }
}
