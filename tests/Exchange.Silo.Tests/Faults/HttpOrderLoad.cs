using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Exchange.Silo.Tests.Faults;

/// <summary>One answer to an order, with when it was sent and answered (milliseconds since the load began).</summary>
public sealed record OrderAnswer(
    long SentAt, long AnsweredAt, int Status, string? ProblemType, bool RetryAfter, HttpOrderLoad.Trader Trader, string ClientOrderId, string MarketId,
    string? OrderId, long FilledQuantity, object Body);

/// <summary>
/// Order entry over HTTP from providers and buyers at once, as the fault tests need it: every answer is recorded with its
/// times, a refused order is retried later with its own body (so its client order id), and nothing is ever sent twice at once.
/// </summary>
public sealed class HttpOrderLoad
{
    /// <summary>A tenant that trades: its key, and for a provider its cluster.</summary>
    public sealed record Trader(string TenantId, bool Provider, string Key, string? ClusterId);

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly IReadOnlyList<Trader> _traders;
    private readonly IReadOnlyList<string> _markets;

    private HttpOrderLoad(IReadOnlyList<Trader> traders, IReadOnlyList<string> markets)
    {
        _traders = traders;
        _markets = markets;
    }

    /// <summary>Every answer so far.</summary>
    public ConcurrentQueue<OrderAnswer> Answers { get; } = new();

    public IReadOnlyList<string> Markets => _markets;

    /// <summary>Milliseconds since the load was set up: the clock of <see cref="OrderAnswer"/>.</summary>
    public long Now => _clock.ElapsedMilliseconds;

    /// <summary>
    /// Sets up two providers (a Hainan and a Guangdong cluster) and three buyers through <paramref name="http"/> with the
    /// operator key, and picks four markets a few hours ahead. The silo should run with generous default quotas.
    /// </summary>
    public static async Task<HttpOrderLoad> SetUpAsync(HttpClient http, string operatorKey)
    {
        ArgumentNullException.ThrowIfNull(http);
        var traders = new List<Trader>();
        foreach (var (kind, region) in new (string Kind, string? Region)[] { ("provider", "hainan"), ("provider", "guangdong"), ("buyer", null), ("buyer", null), ("buyer", null) })
        {
            var (id, key) = await KeyedHttp.NewTenantAsync(http, operatorKey, kind);
            string? clusterId = null;
            if (region is not null)
            {
                clusterId = $"gpu-{Guid.NewGuid():N}"[..14];
                Assert.Equal(HttpStatusCode.Created, (await KeyedHttp.SendAsync(http, key, HttpMethod.Post, "/v1/clusters", Api.Parties.Cluster(clusterId, region))).Status);
            }

            traders.Add(new Trader(id, kind == "provider", key, clusterId));
        }

        var listed = await KeyedHttp.SendAsync(http, operatorKey, HttpMethod.Get, "/v1/markets?model=chat-70b&status=open&limit=12");
        var markets = listed.Body.GetProperty("items").EnumerateArray().Skip(4).Take(4).Select(m => m.GetProperty("marketId").GetString()!).ToList();
        return new HttpOrderLoad(traders, markets);
    }

    /// <summary>Runs <paramref name="workers"/> senders against the silos (round robin by worker) until <paramref name="stop"/>.</summary>
    public Task RunAsync(IReadOnlyList<HttpClient> silos, int workers, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(() => WorkAsync(silos[w % silos.Count], w, stop), CancellationToken.None)));

    /// <summary>The orders acknowledged (200 or 201) so far, each client order id once, with the last word on its fills.</summary>
    public IReadOnlyList<AcknowledgedOrder> Acknowledged() =>
        [.. Answers.Where(a => a.Status is 200 or 201)
            .GroupBy(a => (a.Trader.TenantId, a.ClientOrderId))
            .Select(g => g.MaxBy(a => a.FilledQuantity)!)
            .Select(a => new AcknowledgedOrder(a.Trader.TenantId, a.ClientOrderId, a.MarketId, a.OrderId!, a.FilledQuantity))];

    /// <summary>
    /// Sends again every order that was never acknowledged, with its first body, until it gets an answer other than 503;
    /// returns those answers. A client that did not hear back does this, and must not get a second order for it.
    /// </summary>
    public async Task<IReadOnlyList<OrderAnswer>> RetryUnacknowledgedAsync(HttpClient http, TimeSpan patience)
    {
        var acknowledged = Answers.Where(a => a.Status is 200 or 201).Select(a => (a.Trader.TenantId, a.ClientOrderId)).ToHashSet();
        var retried = new List<OrderAnswer>();
        foreach (var first in Answers.Where(a => !acknowledged.Contains((a.Trader.TenantId, a.ClientOrderId))).DistinctBy(a => (a.Trader.TenantId, a.ClientOrderId)).ToList())
        {
            var deadline = Now + (long)patience.TotalMilliseconds;
            OrderAnswer answer;
            do
            {
                answer = await PlaceAsync(http, first.Trader, first.ClientOrderId, first.MarketId, first.Body);
            }
            while ((answer.Status is 503 or 0) && Now < deadline && await Delay());

            retried.Add(answer);
        }

        return retried;

        static async Task<bool> Delay()
        {
            await Task.Delay(200);
            return true;
        }
    }

    /// <summary>Acknowledgements per whole second of the load's clock, from <paramref name="fromMs"/> for <paramref name="seconds"/> seconds.</summary>
    public IReadOnlyList<int> AcknowledgedPerSecond(long fromMs, int seconds)
    {
        var buckets = new int[seconds];
        foreach (var answer in Answers.Where(a => a.Status is 200 or 201 && a.AnsweredAt >= fromMs))
        {
            var bucket = (int)((answer.AnsweredAt - fromMs) / 1000);
            if (bucket < seconds)
            {
                buckets[bucket]++;
            }
        }

        return buckets;
    }

    private async Task WorkAsync(HttpClient http, int worker, CancellationToken stop)
    {
        var random = new Random(worker);
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var trader = _traders[random.Next(_traders.Count)];
            var marketId = _markets[random.Next(_markets.Count)];
            var price = (0.30m + (random.Next(0, 20) * 0.01m)).ToString("0.00", CultureInfo.InvariantCulture);
            var quantity = 1_000L * random.Next(1, 20);
            var clientOrderId = $"w{worker}-{i}";
            object body = trader.Provider
                ? new { clientOrderId, marketId, side = "sell", type = "limit", price, quantity, timeInForce = "GTC", clusterId = trader.ClusterId }
                : new { clientOrderId, marketId, side = "buy", type = "limit", price, quantity, timeInForce = random.Next(5) == 0 ? "IOC" : "GTC" };
            var answer = await PlaceAsync(http, trader, clientOrderId, marketId, body);
            if (answer.Status is not (200 or 201))
            {
                // As a client would on 503 (Retry-After) or no answer: wait a moment, do not hammer.
                await Task.Delay(100, CancellationToken.None);
            }
        }
    }

    private async Task<OrderAnswer> PlaceAsync(HttpClient http, Trader trader, string clientOrderId, string marketId, object body)
    {
        var sentAt = Now;
        int status;
        string? problemType = null, orderId = null;
        long filled = 0;
        var retryAfter = false;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/orders", UriKind.Relative)) { Content = JsonContent.Create(body) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", trader.Key);
            using var response = await http.SendAsync(request);
            status = (int)response.StatusCode;
            retryAfter = response.Headers.RetryAfter is not null;
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            if (status is 200 or 201)
            {
                orderId = json.RootElement.GetProperty("orderId").GetString();
                filled = json.RootElement.GetProperty("filledQuantity").GetInt64();
            }
            else if (json.RootElement.TryGetProperty("type", out var type))
            {
                problemType = type.GetString();
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
        {
            status = 0;
            problemType = ex.GetType().Name;
        }

        var answer = new OrderAnswer(sentAt, Now, status, problemType, retryAfter, trader, clientOrderId, marketId, orderId, filled, body);
        Answers.Enqueue(answer);
        return answer;
    }
}
