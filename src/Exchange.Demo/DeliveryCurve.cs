using System.Security.Cryptography;
using System.Text;

namespace Exchange.Demo;

/// <summary>A model's weights as GET /v1/models gives them: token-equivalents per input, cached-input and output token.</summary>
public sealed record ModelWeights(decimal Input, decimal CachedInput, decimal Output);

/// <summary>The cumulative counters of one allocation at one reading: tokens by kind, requests, and those that met the SLO.</summary>
public sealed record DemoCounters(long InputTokens, long CachedInputTokens, long OutputTokens, long Requests, long RequestsMeetingSlo);

/// <summary>
/// How a demo cluster serves an allocation: steadily through its period, each allocation at a rate of its own (85 to 100 %
/// of what was bought), 99.95 % of requests on time, and, for a cluster that is sometimes overloaded, some stretches
/// where only 88 % of requests meet the SLO. Every counter is a non-decreasing function of time, so readings never go backwards, and a pure function of
/// the allocation and the reading's number, so a restarted demo sends the same readings again (duplicates, not conflicts).
/// </summary>
public static class DeliveryCurve
{
    /// <summary>One reading every this long, numbered from the period's start.</summary>
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(10);

    // Small requests, so an interval holds hundreds of them and only an overloaded stretch falls below 99 % on time.
    private const long TokensPerRequest = 250;

    /// <summary>The counters after <paramref name="step"/> steps (reading <paramref name="step"/> + 1, timed at the step's start).</summary>
    public static DemoCounters At(string allocationId, long quantity, TimeSpan period, int step, ModelWeights weights, bool sometimesOverloaded)
    {
        ArgumentNullException.ThrowIfNull(weights);
        long Served(int s) => (long)(quantity * Math.Min(1.0, s * Step / period) * (0.85 + (0.15 * Unit(allocationId, -1))));
        long RequestsBy(int s) => Served(s) / TokensPerRequest;

        var equivalents = Served(step);

        // Summed unrounded and rounded once: rounding each step's few requests down would miss the SLO by itself.
        var meeting = 0.0;
        for (var s = 1; s <= step; s++)
        {
            // A minute-long stretch of overload now and then: the SLO share of that stretch's new requests drops.
            var overloaded = sometimesOverloaded && Unit(allocationId, s / 6) < 0.2;
            meeting += (RequestsBy(s) - RequestsBy(s - 1)) * (overloaded ? 0.88 : 0.9995);
        }

        return new DemoCounters(
            Tokens(equivalents, 0.7m, weights.Input), Tokens(equivalents, 0.1m, weights.CachedInput), Tokens(equivalents, 0.2m, weights.Output),
            RequestsBy(step), (long)meeting);
    }

    // Each kind of token carries a fixed share of the token-equivalents, so each count only grows and their worth never
    // exceeds what was served.
    private static long Tokens(long equivalents, decimal share, decimal weight) => weight <= 0 ? 0 : (long)decimal.Floor(equivalents * share / weight);

    // A number in [0, 1) that depends only on the allocation and the stretch.
    private static double Unit(string allocationId, int stretch)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{allocationId}/{stretch}"));
        return BitConverter.ToUInt32(hash, 0) / (uint.MaxValue + 1.0);
    }
}
