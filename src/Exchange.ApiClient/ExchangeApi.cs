using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Exchange.ApiClient;

/// <summary>Calls the exchange's HTTP API with one key; every failure carries the problem body the exchange answered with.</summary>
public sealed class ExchangeApi(HttpClient http, string key)
{
    /// <summary>A client of the API at <paramref name="baseAddress"/> acting with <paramref name="key"/>, over a keep-alive connection pool.</summary>
    public static ExchangeApi Connect(Uri baseAddress, string key, int maxConnections = 64) =>
        new(new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = maxConnections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        }, key);

    /// <summary>The same connection pool acting with another key.</summary>
    public ExchangeApi As(string otherKey) => new(http, otherKey);

    /// <summary>Creates a tenant, or finds it unchanged (a repeat answers 200).</summary>
    public Task<JsonElement> CreateTenantAsync(string id, string kind, string name, string jurisdiction, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "/v1/tenants", new { id, kind, name, jurisdiction }, cancellationToken);

    public Task<JsonElement> SetQuotaAsync(string tenantId, decimal creditLimit, long maxTokensPerPeriod, int maxOpenOrders, int ordersPerSecond, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, $"/v1/tenants/{tenantId}/quota", new
        {
            creditLimit = creditLimit.ToString("0.00####", System.Globalization.CultureInfo.InvariantCulture),
            maxTokensPerPeriod,
            maxOpenOrders,
            ordersPerSecond,
            status = "active",
        }, cancellationToken);

    /// <summary>A new API key for the tenant (shown once).</summary>
    public async Task<string> CreateKeyAsync(string tenantId, CancellationToken cancellationToken = default) =>
        (await SendAsync(HttpMethod.Post, $"/v1/tenants/{tenantId}/keys", null, cancellationToken)).GetProperty("key").GetString()!;

    public Task<JsonElement> RegisterClusterAsync(ClusterSpec cluster, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "/v1/clusters", cluster, cancellationToken);

    public Task<JsonElement> HeartbeatAsync(string clusterId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"/v1/clusters/{clusterId}/heartbeat", new { healthy = true }, cancellationToken);

    /// <summary>Open markets of a model, soonest first.</summary>
    public async Task<IReadOnlyList<string>> OpenMarketsAsync(string model, CancellationToken cancellationToken = default)
    {
        var page = await SendAsync(HttpMethod.Get, $"/v1/markets?model={Uri.EscapeDataString(model)}&status=open&limit=1000", null, cancellationToken);
        return [.. page.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("marketId").GetString()!)];
    }

    /// <summary>Places an order; the answer's status code tells a new order (201), a repeat (200) or a refusal (4xx with a problem body).</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> PlaceOrderAsync(OrderSpec order, CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Post, "/v1/orders", order);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return (response.StatusCode, await ReadAsync(response, cancellationToken).ConfigureAwait(false));
    }

    public Task<JsonElement> CancelOrderAsync(string orderId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, $"/v1/orders/{Uri.EscapeDataString(orderId)}", null, cancellationToken);

    /// <summary>Sends a request and returns its JSON answer; a 4xx or 5xx throws with the problem body.</summary>
    public async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken = default)
    {
        using var request = Request(method, path, body);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var json = await ReadAsync(response, cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode
            ? json
            : throw new ExchangeApiException(response.StatusCode, $"{method} {path} answered {(int)response.StatusCode}: {json}");
    }

    private HttpRequestMessage Request(HttpMethod method, string path, object? body)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
        }

        return request;
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}

/// <summary>The exchange answered with an error.</summary>
public sealed class ExchangeApiException(HttpStatusCode status, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;
}
