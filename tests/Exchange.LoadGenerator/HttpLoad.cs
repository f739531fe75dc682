using System.Globalization;
using Exchange.ApiClient;
using Exchange.ApiClient.Generated;
using Exchange.ApiClient.Generated.Models;

namespace Exchange.LoadGenerator;

/// <summary>
/// Order entry over HTTP/1.1 keep-alive on loopback: sets up providers, clusters and buyers of its own through the
/// operator API, then many concurrent callers POST /v1/orders, all through the client generated from the OpenAPI
/// document, as an integrator would. Counts an order when the exchange acknowledged it (durable); reports requests/s
/// and latency percentiles.
/// </summary>
internal static class HttpLoad
{
    public static async Task RunAsync(LoadOptions options)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        using var connection = ExchangeConnection.Open(options.Url, options.Concurrency);
        var api = connection.As(options.Key);
        var providers = Math.Max(1, options.Tenants / 4);
        var tenants = new List<(ExchangeClient Api, string Cluster)>();
        for (var t = 0; t < options.Tenants; t++)
        {
            var seller = t < providers;
            var id = $"load-{run}-{t}";
            await api.V1.Tenants.PostAsync(new CreateTenantRequest { Id = id, Kind = seller ? "provider" : "buyer", Name = id, Jurisdiction = seller ? "CN" : "US" });
            await api.V1.Tenants[id].Quota.PutAsync(new QuotaRequest
            {
                CreditLimit = "1000000000000", MaxTokensPerPeriod = 1_000_000_000_000_000, MaxOpenOrders = 1_000_000, OrdersPerSecond = 1_000_000, Status = "active",
            });
            var tenant = connection.As((await api.V1.Tenants[id].Keys.PostAsync())!.Key!);
            var cluster = seller ? $"load-{run}-c{t}" : "";
            if (seller)
            {
                await tenant.V1.Clusters.PostAsync(new RegisterClusterRequest
                {
                    ClusterId = cluster, Region = t % 2 == 0 ? "hainan" : "guangdong", Accelerator = "H100", GpuCount = 1024, Tier = 2,
                    Models = [new ModelThroughputRequest { Model = "chat-70b", TokensPerSecond = 1_000_000_000 }], DataPolicies = ["zdr"],
                });
            }

            tenants.Add((tenant, cluster));
        }

        // Markets six hours ahead and later, so none closes during the run.
        var page = await api.V1.Markets.GetAsync(request =>
        {
            request.QueryParameters.Model = "chat-70b";
            request.QueryParameters.Status = "open";
            request.QueryParameters.Limit = 1000;
        });
        var markets = (page?.Items ?? []).Select(m => m.MarketId!).Skip(6).Take(options.Markets).ToArray();
        var recorder = new LatencyRecorder();
        var refusals = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        var measured = await MeasuredWindow.RunAsync(options, async (worker, window) =>
        {
            var random = new Random(worker);
            var (tenant, cluster) = tenants[worker % tenants.Count];
            var seller = cluster.Length > 0;
            for (var i = 0; !window.Stopping.IsCancellationRequested; i++)
            {
                // Prices overlap around 0.50, so about half the orders trade on arrival.
                var order = new CreateOrderRequest
                {
                    ClientOrderId = $"{run}-w{worker}-{i}",
                    MarketId = markets[random.Next(markets.Length)],
                    Side = seller ? "sell" : "buy",
                    ClusterId = seller ? cluster : null,
                    Price = (seller ? 0.45m + (random.Next(0, 20) * 0.01m) : 0.36m + (random.Next(0, 20) * 0.01m)).ToString("0.00", CultureInfo.InvariantCulture),
                    Quantity = 1_000L * random.Next(1, 100),
                };
                if (!await TimedCall.RunAsync(window, recorder, refusals, token => tenant.V1.Orders.PostAsync(order, cancellationToken: token)))
                {
                    return;
                }
            }
        });

        var summary = recorder.Summarize(measured);
        Console.WriteLine($"HTTP order submissions acknowledged: {summary.Acknowledged} in {measured.Seconds:0.0} s by {options.Concurrency} keep-alive connections over {markets.Length} markets and {options.Tenants} tenants; failures: {summary.Failures}"
            + (refusals.IsEmpty ? "" : $" ({string.Join(", ", refusals.Select(r => $"{r.Key}: {r.Value}"))})"));
        summary.WriteResults();
    }
}
