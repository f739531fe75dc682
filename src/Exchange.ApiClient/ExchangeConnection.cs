using Exchange.ApiClient.Generated;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;

namespace Exchange.ApiClient;

/// <summary>
/// One pool of keep-alive connections to the exchange at a base address, through Kiota's standard middleware (retries
/// on 429 and 503 after Retry-After, which the API makes safe: a retried order carries the same clientOrderId). Each
/// key gets a generated <see cref="ExchangeClient"/> over the same pool.
/// </summary>
public sealed class ExchangeConnection : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _baseUrl;

    private ExchangeConnection(HttpClient http, string baseUrl)
    {
        _http = http;
        _baseUrl = baseUrl;
    }

    /// <summary>A pool of at most <paramref name="maxConnections"/> connections to <paramref name="baseAddress"/>.</summary>
    public static ExchangeConnection Open(Uri baseAddress, int maxConnections = 64)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        var transport = new SocketsHttpHandler { MaxConnectionsPerServer = maxConnections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        var http = KiotaClientFactory.Create(transport);
        http.Timeout = TimeSpan.FromSeconds(30);
        return new ExchangeConnection(http, baseAddress.ToString().TrimEnd('/'));
    }

    /// <summary>The API as the holder of <paramref name="key"/> sees it.</summary>
    public ExchangeClient As(string key) =>
        new(new HttpClientRequestAdapter(new BearerKey(key), httpClient: _http) { BaseUrl = _baseUrl });

    public void Dispose() => _http.Dispose();

    /// <summary>Sends the key as a bearer token on every request.</summary>
    private sealed class BearerKey(string key) : IAuthenticationProvider
    {
        private readonly string _header = "Bearer " + key;

        public Task AuthenticateRequestAsync(RequestInformation request, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(request);
            request.Headers.TryAdd("Authorization", _header);
            return Task.CompletedTask;
        }
    }
}
