using Exchange.Contracts.Clusters;
using Exchange.Contracts.Markets;
using Exchange.Contracts.Tenants;
using Exchange.Grains.Markets;
using Exchange.Markets;
using Exchange.Storage.Journal;
using Npgsql;
using Orleans.TestingHost;
using static Exchange.Grains.Tests.Markets.MarketFixtures;

namespace Exchange.Grains.Tests.Risk;

/// <summary>Tenants, clusters and markets of their own for each test, all on the shared test cluster.</summary>
internal sealed class RiskFixtures(TestCluster cluster)
{
    private static int _nextMarket;

    public string MarketId { get; } = NextListedMarket();

    public string Model => Exchange.Markets.MarketId.TryParse(MarketId, out var id) ? id.Value.Model : throw new InvalidOperationException();

    /// <summary>A listed market no other test in this run uses: a catalog model and a period 1 to 47 hours after <see cref="Start"/>.</summary>
    public static string NextListedMarket()
    {
        string[] models = ["chat-70b", "chat-8b", "embed-1b"];
        var n = Interlocked.Increment(ref _nextMarket) - 1;
        return new MarketId(models[n / 47 % models.Length], Start.AddHours(1 + (n % 47))).ToString();
    }

    public ITenantGrain Tenant(string id) => cluster.GrainFactory.GetGrain<ITenantGrain>(id);

    public IClusterGrain Cluster(string id) => cluster.GrainFactory.GetGrain<IClusterGrain>(id);

    public async Task<ITenantGrain> NewBuyerAsync(decimal creditLimit = 1_000m, int ordersPerSecond = 1_000, string jurisdiction = "DE")
    {
        var tenant = Tenant($"buyer-{Guid.NewGuid():N}");
        var view = await tenant.Create(new TenantProfile("", TenantKind.Buyer, "Overseas Buyer", jurisdiction));
        await tenant.SetQuota(view.Value!.Quota with { CreditLimit = creditLimit, OrdersPerSecond = ordersPerSecond });
        return tenant;
    }

    public async Task<(ITenantGrain Provider, string ClusterId)> NewProviderWithClusterAsync(long tokensPerSecond = 1_000, string region = "hainan")
    {
        var provider = Tenant($"provider-{Guid.NewGuid():N}");
        await provider.Create(new TenantProfile("", TenantKind.Provider, "Hainan Compute", "CN"));
        var clusterId = $"cl-{Guid.NewGuid():N}";
        var registered = await Cluster(clusterId).Register(new ClusterRegistration(
            clusterId, provider.GetPrimaryKeyString(), region, "H100", 64, 2, [new ModelThroughput(Model, tokensPerSecond)], ["zdr"]));
        Assert.True(registered.Created);
        return (provider, clusterId);
    }

    /// <summary>
    /// Journals a foreign command behind the market's back, after its <paramref name="lastSequence"/>, so the market's next
    /// write fails: the command in it gets no answer, as when a market's silo dies after journaling it.
    /// </summary>
    public async Task FenceMarketAsync(NpgsqlDataSource database, long lastSequence)
    {
        var foreign = new PlaceCommand(Start.ToUnixTimeMilliseconds(), Bid("b-de", "x1", 0.10m, 1_000));
        await new MarketJournalStore(database).AppendAsync(
            MarketId, lastSequence, [new JournalEntry(lastSequence + 1, MarketCommandCodec.Encode(foreign))], [], CancellationToken.None);
    }

    public static OrderRequest Sell(string clusterId, string clientOrderId, decimal price, long quantity) =>
        new("", clientOrderId, OrderSide.Sell, OrderKind.Limit, Micros(price), quantity, OrderTimeInForce.Gtc, null, false,
            new SellerCluster(clusterId, "", 0, []), null, "");

    public static OrderRequest Buy(string clientOrderId, decimal price, long quantity) =>
        new("", clientOrderId, OrderSide.Buy, OrderKind.Limit, Micros(price), quantity, OrderTimeInForce.Gtc, null, false,
            null, new BuyerConstraints([], 0, []), "");
}
