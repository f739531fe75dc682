using System.Net;

namespace Exchange.Silo.Tests.Api;

/// <summary>A tenant made for one test, with an API key of its own.</summary>
public sealed record Party(string Id, string Kind, string KeyId, ApiClient Client);

/// <summary>A market no other test trades in, a provider with a cluster, and a buyer: the cast of most trading tests.</summary>
public sealed record Desk(string Market, Party Provider, string ClusterId, Party Buyer)
{
    public Task<ApiResponse> AskAsync(string price, long quantity) => Provider.PlaceAsync(Parties.Ask(Market, ClusterId, price, quantity));

    public Task<ApiResponse> BidAsync(string price, long quantity, object? constraints = null) => Buyer.PlaceAsync(Parties.Bid(Market, price, quantity, constraints));
}

/// <summary>Small steps that set up what a test needs through the API itself: tenants, keys, clusters and orders.</summary>
public static class Parties
{
    /// <summary>An id no other test uses: the prefix and twelve random hex digits.</summary>
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    /// <summary>Creates a tenant of this kind (provider, buyer or regulator) and a key for it.</summary>
    public static async Task<Party> NewTenantAsync(this ApiSiloFixture fixture, string kind, string jurisdiction = "DE")
    {
        ArgumentNullException.ThrowIfNull(fixture);
        var id = Unique(kind[..1]);
        (await fixture.Operator.PostAsync("/v1/tenants", new { id, kind, name = $"Test {kind} {id}", jurisdiction })).Expect(HttpStatusCode.Created);
        var (keyId, key) = await fixture.NewKeyAsync(id);
        return new Party(id, kind, keyId, fixture.Client($"Bearer {key}"));
    }

    /// <summary>A new key for the tenant: its id and the key itself.</summary>
    public static async Task<(string KeyId, string Key)> NewKeyAsync(this ApiSiloFixture fixture, string tenantId)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        var created = (await fixture.Operator.PostAsync($"/v1/tenants/{tenantId}/keys")).Expect(HttpStatusCode.Created);
        return (created.Str("keyId"), created.Str("key"));
    }

    /// <summary>The body of a cluster registration serving every model at <paramref name="tokensPerSecond"/>.</summary>
    public static object Cluster(string clusterId, string region = "hainan", int tier = 2, long tokensPerSecond = 1_000_000, params string[] dataPolicies) => new
    {
        clusterId,
        region,
        accelerator = "H100",
        gpuCount = 8,
        tier,
        models = new[] { "chat-70b", "chat-8b", "embed-1b" }.Select(model => new { model, tokensPerSecond }).ToArray(),
        dataPolicies,
    };

    /// <summary>Registers a cluster for the provider and returns its id.</summary>
    public static async Task<string> NewClusterAsync(this Party provider, string region = "hainan", int tier = 2, long tokensPerSecond = 1_000_000, params string[] dataPolicies)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var clusterId = Unique("gpu");
        (await provider.Client.PostAsync("/v1/clusters", Cluster(clusterId, region, tier, tokensPerSecond, dataPolicies))).Expect(HttpStatusCode.Created);
        return clusterId;
    }

    /// <summary>A fresh market, a provider with a cluster of this throughput, and a buyer.</summary>
    public static async Task<Desk> NewDeskAsync(this ApiSiloFixture fixture, long tokensPerSecond = 1_000_000)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        var provider = await fixture.NewTenantAsync("provider");
        return new Desk(fixture.NextMarket(), provider, await provider.NewClusterAsync(tokensPerSecond: tokensPerSecond), await fixture.NewTenantAsync("buyer"));
    }

    /// <summary>A GTC limit buy (a null field is one the reader treats as absent).</summary>
    public static object Bid(string marketId, string price, long quantity, object? constraints = null, string? clientOrderId = null) =>
        Limit("buy", marketId, price, quantity, clientOrderId ?? Unique("bid"), null, constraints);

    /// <summary>A GTC limit sell from a cluster.</summary>
    public static object Ask(string marketId, string clusterId, string price, long quantity, string? clientOrderId = null) =>
        Limit("sell", marketId, price, quantity, clientOrderId ?? Unique("ask"), clusterId, null);

    private static object Limit(string side, string marketId, string price, long quantity, string clientOrderId, string? clusterId, object? constraints) =>
        new { clientOrderId, marketId, side, type = "limit", price, quantity, timeInForce = "GTC", clusterId, constraints };

    /// <summary>Places an order that must be accepted (201) and returns the order as the exchange answered it.</summary>
    public static async Task<ApiResponse> PlaceAsync(this Party party, object order)
    {
        ArgumentNullException.ThrowIfNull(party);
        return (await party.Client.PostAsync("/v1/orders", order)).Expect(HttpStatusCode.Created);
    }
}
