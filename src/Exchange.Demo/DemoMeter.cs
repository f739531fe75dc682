using System.Globalization;
using System.Security.Cryptography;
using Exchange.ApiClient;
using Exchange.ApiClient.Generated.Models;
using Microsoft.Kiota.Abstractions;

namespace Exchange.Demo;

/// <summary>
/// The demo's clusters metering what they deliver: each registers a meter key, and every few seconds signs and sends
/// the cumulative counters (DeliveryCurve) of its provider's allocations under delivery, so settlement charges,
/// credits and refunds them and balances, statements and flows fill up by themselves.
/// </summary>
public sealed class DemoMeter(ExchangeConnection connection, IReadOnlyDictionary<string, string> keys) : IDisposable
{
    /// <summary>The cluster that is sometimes overloaded and misses its SLO.</summary>
    public const string OverloadedCluster = "gd-l40s-c";

    private readonly Dictionary<string, ECDsa> _signers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ModelWeights> _weights = new(StringComparer.Ordinal);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var models = await connection.As(keys[DemoCast.Providers[0].Id]).V1.Models.GetAsync(cancellationToken: cancellationToken);
        foreach (var model in models!.Items!)
        {
            static decimal Of(string? value) => decimal.Parse(value ?? "1", CultureInfo.InvariantCulture);
            _weights[model.Id!] = new ModelWeights(Of(model.Weights?.Input), Of(model.Weights?.CachedInput), Of(model.Weights?.Output));
        }

        foreach (var provider in DemoCast.Providers)
        {
            foreach (var cluster in provider.Clusters)
            {
                var signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                _signers[cluster.ClusterId] = signer;
                await connection.As(keys[provider.Id]).V1.Clusters[cluster.ClusterId].MeterKey
                    .PutAsync(new MeterKeyRequest { PublicKey = signer.ExportSubjectPublicKeyInfoPem() }, cancellationToken: cancellationToken);
            }
        }
    }

    /// <summary>Gives a cluster registered during the demo (a spot cluster) a meter key of its own.</summary>
    public async Task AddClusterAsync(string providerId, string clusterId, CancellationToken cancellationToken)
    {
        var signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _signers[clusterId] = signer;
        await connection.As(keys[providerId]).V1.Clusters[clusterId].MeterKey
            .PutAsync(new MeterKeyRequest { PublicKey = signer.ExportSubjectPublicKeyInfoPem() }, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Sends every cluster's readings for its allocations under delivery at <paramref name="now"/>; returns how many were
    /// taken. A batch refused (a cluster declared failed takes none) goes to <paramref name="refused"/>, and the other
    /// clusters go on metering.
    /// </summary>
    public async Task<long> MeterAsync(DateTimeOffset now, Action<ApiException> refused, CancellationToken cancellationToken)
    {
        long accepted = 0;
        foreach (var provider in DemoCast.Providers)
        {
            var delivering = await DeliveringAsync(connection.As(keys[provider.Id]), now, cancellationToken);
            // A spot cluster of an earlier run of the demo has no key here any more: its allocations go unmetered.
            foreach (var cluster in delivering.GroupBy(a => a.ClusterId!).Where(c => _signers.ContainsKey(c.Key)))
            {
                foreach (var chunk in cluster.Chunk(1000))
                {
                    var batch = new ReadingsRequest { Readings = [.. chunk.Select(a => Reading(a, now, cluster.Key == OverloadedCluster))] };
                    try
                    {
                        var answer = await connection.Adapter(keys[provider.Id]).SubmitReadingsAsync(cluster.Key, batch,
                            SignedReadings.SignerOf(_signers[cluster.Key]), cancellationToken);
                        accepted += answer?.Accepted ?? 0;
                    }
                    catch (ApiException refusal) when (refusal is not { ResponseStatusCode: >= 500 })
                    {
                        refused(refusal);
                    }
                }
            }
        }

        return accepted;
    }

    /// <summary>The caller's allocations under delivery at <paramref name="now"/>, a little past their period too, so the last count (timed at its end) is sent.</summary>
    public static async Task<List<AllocationResponse>> DeliveringAsync(Exchange.ApiClient.Generated.ExchangeClient api, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        var delivering = new List<AllocationResponse>();
        string? cursor = null;
        do
        {
            var page = await api.V1.Allocations.GetAsync(request =>
            {
                request.QueryParameters.DeliveryFrom = now.AddDays(-1);
                request.QueryParameters.DeliveryTo = now;
                request.QueryParameters.Limit = 1000;
                request.QueryParameters.Cursor = cursor;
            }, cancellationToken);
            delivering.AddRange(page!.Items!.Where(a => a.PeriodStart <= now && now <= a.PeriodEnd + (2 * DeliveryCurve.Step)));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return delivering;
    }

    private ReadingRequest Reading(AllocationResponse allocation, DateTimeOffset now, bool sometimesOverloaded)
    {
        var (sequence, at, counters) = Counts(allocation, now, sometimesOverloaded);
        return new ReadingRequest
        {
            AllocationId = allocation.AllocationId, Sequence = sequence, At = at,
            InputTokens = counters.InputTokens, CachedInputTokens = counters.CachedInputTokens, OutputTokens = counters.OutputTokens,
            Requests = counters.Requests, RequestsMeetingSlo = counters.RequestsMeetingSlo, Errors = 0,
        };
    }

    /// <summary>What the allocation's cluster has served by <paramref name="now"/> (its DeliveryCurve step), numbered and timed by the step.</summary>
    public (long Sequence, DateTimeOffset At, DemoCounters Counters) Counts(AllocationResponse allocation, DateTimeOffset now, bool sometimesOverloaded)
    {
        ArgumentNullException.ThrowIfNull(allocation);
        var start = allocation.PeriodStart!.Value;
        var period = allocation.PeriodEnd!.Value - start;
        var step = (int)(Math.Min((now - start).Ticks, period.Ticks) / DeliveryCurve.Step.Ticks);
        var counters = DeliveryCurve.At(allocation.AllocationId!, allocation.Quantity!.Value, period, step, _weights[allocation.Model!], sometimesOverloaded);
        return (step + 1, start + (step * DeliveryCurve.Step), counters);
    }

    public void Dispose()
    {
        foreach (var signer in _signers.Values)
        {
            signer.Dispose();
        }
    }
}
