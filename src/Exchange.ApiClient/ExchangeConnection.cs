using Exchange.ApiClient.Generated;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace Exchange.ApiClient;

/// <summary>
/// One pool of keep-alive connections to the exchange at a base address, through Kiota's standard middleware but with
/// its automatic retries off: a 429 or 503 reaches the caller, who retries with the same ids (an order's
/// clientOrderId, a creation's Idempotency-Key), because a blind retry of a creating call such as a new key would make
/// a second one, and a load test must see its refusals. Each key gets a generated <see cref="ExchangeClient"/> over
/// the same pool.
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
        var http = KiotaClientFactory.Create(transport, [new RetryHandlerOption { MaxRetry = 0 }]);
        http.Timeout = TimeSpan.FromSeconds(30);
        return new ExchangeConnection(http, baseAddress.ToString().TrimEnd('/'));
    }

    /// <summary>The API as the holder of <paramref name="key"/> sees it.</summary>
    public ExchangeClient As(string key) => new(Adapter(key));

    /// <summary>The request adapter behind <see cref="As"/>, for requests the generated builders build but cannot send as they are (signed bodies).</summary>
    public IRequestAdapter Adapter(string key) => new HttpClientRequestAdapter(new BearerKey(key), httpClient: _http) { BaseUrl = _baseUrl };

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
