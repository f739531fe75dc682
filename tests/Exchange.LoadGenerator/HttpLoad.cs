using System.Diagnostics;
using System.Globalization;
using System.Net;
using Exchange.ApiClient;

namespace Exchange.LoadGenerator;

/// <summary>
/// Order entry over HTTP/1.1 keep-alive on loopback: sets up providers, clusters and buyers of its own through the
/// operator API, then many concurrent callers POST /v1/orders. Counts an order when the exchange acknowledged it
/// (201, durable); reports requests/s and latency percentiles. Requests go over lean keep-alive connections of its own
/// (<see cref="RawHttpConnection"/>), one per caller.
/// </summary>
internal static class HttpLoad
{
    public static async Task RunAsync(LoadOptions options)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var api = ExchangeApi.Connect(options.Url, options.Key, options.Concurrency);
        var providers = Math.Max(1, options.Tenants / 4);
        var tenants = new List<(string Key, string Cluster)>();
        for (var t = 0; t < options.Tenants; t++)
        {
            var seller = t < providers;
            var id = $"load-{run}-{t}";
            await api.CreateTenantAsync(id, seller ? "provider" : "buyer", id, seller ? "CN" : "US");
            await api.SetQuotaAsync(id, 1_000_000_000_000m, 1_000_000_000_000_000, 1_000_000, 1_000_000);
            var key = await api.CreateKeyAsync(id);
            var tenant = api.As(key);
            var cluster = seller ? $"load-{run}-c{t}" : "";
            if (seller)
            {
                await tenant.RegisterClusterAsync(new ClusterSpec(cluster, t % 2 == 0 ? "hainan" : "guangdong", "H100", 1024, 2,
                    [new ModelSpec("chat-70b", 1_000_000_000)], ["zdr"]));
            }

            tenants.Add((key, cluster));
        }

        // Markets six hours ahead and later, so none closes during the run.
        var markets = (await api.OpenMarketsAsync("chat-70b")).Skip(6).Take(options.Markets).ToArray();
        var recorder = new LatencyRecorder();
        var refusals = new System.Collections.Concurrent.ConcurrentDictionary<HttpStatusCode, int>();
        var keys = tenants.Select(t => t.Key).ToArray();
        var measured = await MeasuredWindow.RunAsync(options, async (worker, window) =>
        {
            var random = new Random(worker);
            var tenant = worker % tenants.Count;
            var cluster = tenants[tenant].Cluster;
            var seller = cluster.Length > 0;
            await using var connection = await RawHttpConnection.OpenAsync(options.Url, window.Stopping);
            for (var i = 0; !window.Stopping.IsCancellationRequested; i++)
            {
                // Prices overlap around 0.50, so about half the orders trade on arrival.
                var price = (seller ? 0.45m + (random.Next(0, 20) * 0.01m) : 0.36m + (random.Next(0, 20) * 0.01m)).ToString("0.00", CultureInfo.InvariantCulture);
                var side = seller ? $"\"side\":\"sell\",\"clusterId\":\"{cluster}\"" : "\"side\":\"buy\"";
                var json = $"{{\"clientOrderId\":\"{run}-w{worker}-{i}\",\"marketId\":\"{markets[random.Next(markets.Length)]}\",{side},\"price\":\"{price}\",\"quantity\":{1_000L * random.Next(1, 100)}}}";
                var request = RawHttpConnection.Post(options.Url, "/v1/orders", keys[tenant], json);
                var started = Stopwatch.GetTimestamp();
                try
                {
                    var status = await connection.SendAsync(request, window.Stopping);
                    if (window.IsOpen)
                    {
                        if (status == (int)HttpStatusCode.Created)
                        {
                            recorder.Record(Stopwatch.GetElapsedTime(started));
                        }
                        else
                        {
                            recorder.Fail();
                            refusals.AddOrUpdate((HttpStatusCode)status, 1, (_, n) => n + 1);
                        }
                    }
                }
                catch (OperationCanceledException) when (window.Stopping.IsCancellationRequested)
                {
                    return;
                }
            }
        });

        var summary = recorder.Summarize(measured);
        Console.WriteLine($"HTTP order submissions acknowledged (201): {summary.Acknowledged} in {measured.Seconds:0.0} s by {options.Concurrency} keep-alive connections over {markets.Length} markets and {options.Tenants} tenants; failures: {summary.Failures}"
            + (refusals.IsEmpty ? "" : $" ({string.Join(", ", refusals.Select(r => $"{(int)r.Key}: {r.Value}"))})"));
        summary.WriteResults();
    }
}
