using Exchange.ApiClient;
using Exchange.ApiClient.Generated.Models;

namespace Exchange.Demo;

/// <summary>
/// One demo buyer counting what reached it and reporting receipts: what the clusters metered, except on the overloaded
/// cluster, where a part of the responses timed out before they reached the buyer. Those allocations settle on the
/// buyer's lower count and close disputed, so disputes (and, run.sh --demo having them expire after ten minutes, their
/// refunds) can be watched.
/// </summary>
public sealed class DemoReceipts(ExchangeConnection connection, IReadOnlyDictionary<string, string> keys, DemoMeter meter)
{
    /// <summary>The buyer that reports receipts: its region constraint buys from Guangdong, the overloaded cluster's province.</summary>
    public const string BuyerId = "merlion-sg";

    /// <summary>The share of the overloaded cluster's tokens that reach the buyer.</summary>
    private const decimal Received = 0.70m;

    /// <summary>Sends the buyer's receipts of its allocations under delivery at <paramref name="now"/>; returns how many were taken.</summary>
    public async Task<long> SendAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var api = connection.As(keys[BuyerId]);
        long accepted = 0;
        foreach (var allocation in await DemoMeter.DeliveringAsync(api, now, cancellationToken))
        {
            var overloaded = allocation.ClusterId == DemoMeter.OverloadedCluster;
            var (sequence, at, counts) = meter.Counts(allocation, now, overloaded);
            long Reached(long tokens) => overloaded ? (long)(tokens * Received) : tokens;
            try
            {
                var answer = await api.V1.Allocations[allocation.AllocationId!].Receipts.PostAsync(new ReceiptRequest
                {
                    Sequence = sequence, At = at, InputTokens = Reached(counts.InputTokens), CachedInputTokens = Reached(counts.CachedInputTokens),
                    OutputTokens = Reached(counts.OutputTokens), Requests = counts.Requests, RequestsMeetingSlo = counts.RequestsMeetingSlo,
                }, cancellationToken: cancellationToken);
                accepted += answer?.Accepted ?? 0;
            }
            catch (Microsoft.Kiota.Abstractions.ApiException refusal) when (refusal is { ResponseStatusCode: >= 400 and < 500 })
            {
                // One refused receipt (its allocation closed meanwhile) must not keep the others from being sent.
            }
        }

        return accepted;
    }
}
