using System.Net;
using System.Security.Cryptography;
using Exchange.Silo.Tests.Api;
using Exchange.TestSupport;

namespace Exchange.Silo.Tests.Settlement;

[CollectionDefinition(Name)]
public sealed class MeteringCollection : ICollectionFixture<MeteringFixture>
{
    public const string Name = "metering";
}

/// <summary>A cluster's provider, the cluster, one allocation of 4,000,000 token-equivalents it delivers, its meter key and its buyer.</summary>
public sealed record Metered(Api.ApiClient Provider, string ClusterId, string AllocationId, ECDsa Key, Api.ApiClient Buyer);

/// <summary>
/// Allocations that are being delivered now, for the tests of readings: a silo on one-minute periods whose delivery
/// window stays open ten minutes after the period, and a pool of allocations traded before the period began. Ready
/// once the period is half a minute old, so readings timed in its first half are not ahead of the clock.
/// </summary>
public sealed class MeteringFixture : IAsyncLifetime
{
    private const int Pool = 16;

    private readonly Queue<Metered> _pool = new();
    private readonly List<ECDsa> _keys = [];

    public TestDatabase Database { get; private set; } = null!;

    public SiloProcess Silo { get; private set; } = null!;

    public DateTimeOffset PeriodStart { get; private set; }

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync("metering", migrate: false);
        // The tenants' and clusters' reconcile forgets each market once it is closed and done with: a background write
        // (holder_markets) that would land inside one test's "stores nothing" window or another's, by the clock.
        Silo = SettlementKit.Start(Database.ConnectionString, $"metering-{Guid.NewGuid():N}", graceSeconds: 600,
            "--Tenants:ReconcileSeconds=86400", "--Clusters:ReconcileSeconds=86400");
        await Silo.WaitReadyAsync();
        // Parties first, then the period: only the orders must beat its gate, which may be ten seconds away.
        var parties = new List<(Api.ApiClient Provider, Api.ApiClient Buyer, string ClusterId, ECDsa Key)>();
        for (var i = 0; i < Pool; i++)
        {
            var provider = await SettlementKit.TenantAsync(Silo, Parties.Unique("p"), "provider", "CN");
            var buyer = await SettlementKit.TenantAsync(Silo, Parties.Unique("b"), "buyer", "DE");
            var clusterId = Parties.Unique("gpu");
            var key = await SettlementKit.ClusterAsync(provider, clusterId);
            _keys.Add(key);
            parties.Add((provider, buyer, clusterId, key));
        }

        PeriodStart = SettlementKit.NextPeriod();
        var market = SettlementKit.Market(PeriodStart);
        foreach (var (provider, buyer, clusterId, key) in parties)
        {
            (await provider.PostAsync("/v1/orders", Parties.Ask(market, clusterId, "0.40", 4_000_000))).Expect(HttpStatusCode.Created);
            var bid = (await buyer.PostAsync("/v1/orders", Parties.Bid(market, "0.40", 4_000_000))).Expect(HttpStatusCode.Created);
            _pool.Enqueue(new Metered(provider, clusterId, bid["allocations"][0].GetString()!, key, buyer));
        }

        await SettlementKit.UntilAsync(PeriodStart.AddSeconds(30));
    }

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        await Database.DisposeAsync();
        foreach (var key in _keys)
        {
            key.Dispose();
        }
    }

    /// <summary>An allocation no other test meters.</summary>
    public Metered Take()
    {
        lock (_pool)
        {
            return _pool.TryDequeue(out var metered) ? metered : throw new InvalidOperationException($"All {Pool} metered allocations are taken.");
        }
    }

    /// <inheritdoc cref="StoredState.UnchangedAsync{T}(TestDatabase, Func{Task{T}})"/>
    public Task<T> StoresNothingAsync<T>(Func<Task<T>> action) => StoredState.UnchangedAsync(Database, action);

    /// <inheritdoc cref="StoredState.UnchangedAsync{T}(TestDatabase, Func{Task{T}})"/>
    public Task StoresNothingAsync(Func<Task> action) => StoredState.UnchangedAsync(Database, async () =>
    {
        await action();
        return true;
    });
}
