using System.Globalization;
using System.Security.Cryptography;
using Exchange.ApiClient;
using Exchange.ApiClient.Generated;
using Exchange.ApiClient.Generated.Models;
using Microsoft.Kiota.Abstractions;

namespace Exchange.LoadGenerator;

/// <summary>
/// Metering over HTTP: sets up providers (one cluster and meter key each) and a buyer, trades allocations of its own,
/// then callers submit signed batches of cumulative readings through the generated client. Each caller owns a slice
/// of one cluster's allocations and advances their sequences, so batches never conflict; a cluster's batches queue
/// behind its one writer, as they would in production. Counts readings acknowledged (durable) per second.
/// </summary>
internal static class MeterLoad
{
    private const long Quantity = 4_000_000;

    public static async Task RunAsync(LoadOptions options, int batchSize, int allocationsPerCaller)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        using var connection = ExchangeConnection.Open(options.Url, options.Concurrency + 8);
        var api = connection.As(options.Key);
        var clusters = Math.Max(1, options.Tenants);
        var page = await api.V1.Markets.GetAsync(request =>
        {
            request.QueryParameters.Model = "chat-70b";
            request.QueryParameters.Status = "open";
            request.QueryParameters.Limit = 1000;
        });
        // Readings may not be timed ahead of the exchange's clock, so the load meters a period that has begun: the silo
        // runs one-minute periods (scripts/bench.sh meter), and the first that leaves a minute to trade in is taken.
        var market = page!.Items!.First(m => m.PeriodStart > DateTimeOffset.UtcNow.AddMinutes(1));
        var buyer = connection.As(await TenantAsync(api, $"meter-{run}-b", "buyer"));

        var slices = new List<Slice>();
        for (var c = 0; c < clusters; c++)
        {
            var providerKey = await TenantAsync(api, $"meter-{run}-p{c}", "provider");
            var provider = connection.As(providerKey);
            var clusterId = $"meter-{run}-c{c}";
            await provider.V1.Clusters.PostAsync(new RegisterClusterRequest
            {
                ClusterId = clusterId, Region = c % 2 == 0 ? "hainan" : "guangdong", Accelerator = "H100", GpuCount = 1024, Tier = 2,
                Models = [new ModelThroughputRequest { Model = "chat-70b", TokensPerSecond = 1_000_000_000 }], DataPolicies = ["zdr"],
            });
            var signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            await provider.V1.Clusters[clusterId].MeterKey.PutAsync(new MeterKeyRequest { PublicKey = signer.ExportSubjectPublicKeyInfoPem() });

            var callers = Enumerable.Range(0, options.Concurrency).Where(w => w % clusters == c).ToList();
            var count = callers.Count * allocationsPerCaller;
            await provider.V1.Orders.PostAsync(new CreateOrderRequest
            {
                ClientOrderId = $"{run}-ask{c}", MarketId = market.MarketId, Side = "sell", ClusterId = clusterId, Price = "0.40", Quantity = Quantity * count,
            });
            var allocations = new List<string>(count);
            for (var i = 0; i < count; i++)
            {
                var bid = await buyer.V1.Orders.PostAsync(new CreateOrderRequest
                {
                    ClientOrderId = $"{run}-bid{c}-{i}", MarketId = market.MarketId, Side = "buy", Price = "0.40", Quantity = Quantity,
                });
                allocations.AddRange(bid!.Allocations!);
            }

            for (var s = 0; s < callers.Count; s++)
            {
                slices.Add(new Slice(callers[s], connection.Adapter(providerKey), clusterId, signer,
                    [.. allocations.Skip(s * allocationsPerCaller).Take(allocationsPerCaller)], market.PeriodStart!.Value));
            }
        }

        var begins = market.PeriodStart!.Value.AddSeconds(2) - DateTimeOffset.UtcNow;
        if (begins > TimeSpan.Zero)
        {
            await Task.Delay(begins);
        }

        var recorder = new LatencyRecorder();
        var readingsPerBatch = batchSize;
        var refusals = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        var measured = await MeasuredWindow.RunAsync(options, async (worker, window) =>
        {
            var slice = slices.Single(s => s.Worker == worker);
            var perAllocation = Math.Max(1, readingsPerBatch / slice.Allocations.Length);
            long sequence = 0;
            while (!window.Stopping.IsCancellationRequested)
            {
                var readings = new List<ReadingRequest>(readingsPerBatch);
                for (var k = 0; k < perAllocation; k++)
                {
                    sequence++;
                    readings.AddRange(slice.Allocations.Select(id => new ReadingRequest
                    {
                        AllocationId = id, Sequence = sequence, At = slice.At, InputTokens = sequence, CachedInputTokens = 0, OutputTokens = 0,
                        Requests = sequence, RequestsMeetingSlo = sequence, Errors = 0,
                    }));
                }

                var batch = new ReadingsRequest { Readings = readings };
                if (!await TimedCall.RunAsync(window, recorder, refusals, token => slice.Adapter.SubmitReadingsAsync(slice.ClusterId, batch,
                        SignedReadings.SignerOf(slice.Signer),
                        token)))
                {
                    return;
                }
            }
        });

        var summary = recorder.Summarize(measured);
        var batches = summary.Acknowledged;
        var readingsPerSecond = batches * readingsPerBatch / measured.Seconds;
        Console.WriteLine($"Signed reading batches acknowledged: {batches} of {readingsPerBatch} readings in {measured.Seconds:0.0} s by {options.Concurrency} callers over {clusters} clusters; failures: {summary.Failures}"
            + (refusals.IsEmpty ? "" : $" ({string.Join(", ", refusals.Select(r => $"{r.Key}: {r.Value}"))})"));
        summary.WriteResults();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"METER readings_per_batch={readingsPerBatch} readings_per_s={readingsPerSecond:0}"));
    }

    /// <summary>Creates a tenant with quotas no load reaches, and returns a new key of its.</summary>
    internal static async Task<string> TenantAsync(ExchangeClient api, string id, string kind)
    {
        await api.V1.Tenants.PostAsync(new CreateTenantRequest { Id = id, Kind = kind, Name = id, Jurisdiction = kind == "buyer" ? "US" : "CN" });
        await api.V1.Tenants[id].Quota.PutAsync(new QuotaRequest
        {
            CreditLimit = "1000000000000", MaxTokensPerPeriod = 1_000_000_000_000_000, MaxOpenOrders = 1_000_000, OrdersPerSecond = 1_000_000, Status = "active",
        });
        return (await api.V1.Tenants[id].Keys.PostAsync())!.Key!;
    }

    private sealed record Slice(int Worker, IRequestAdapter Adapter, string ClusterId, ECDsa Signer, string[] Allocations, DateTimeOffset PeriodStart)
    {
        public DateTimeOffset At => PeriodStart.AddSeconds(1);
    }
}
