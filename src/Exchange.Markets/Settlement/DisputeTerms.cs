namespace Exchange.Markets.Settlement;

/// <summary>
/// When a buyer's receipts and a provider's readings disagree enough to hold money back: a difference above the larger
/// of <paramref name="ToleranceBps"/> of the metered count and <paramref name="ToleranceTokens"/> token-equivalents.
/// A dispute open at close waits <paramref name="DisputeSeconds"/> for an operator, then is refunded to the buyer.
/// Pinned with the terms, so a replay holds back what the run did.
/// </summary>
public sealed record DisputeTerms(int ToleranceBps, long ToleranceTokens, int DisputeSeconds)
{
    /// <summary>The contract's defaults: max(0.5 %, 10,000 token-equivalents), seven days.</summary>
    public static DisputeTerms Default { get; } = new(50, 10_000, 7 * 86_400);

    public bool IsValid => ToleranceBps is >= 0 and <= 10_000 && ToleranceTokens >= 0 && DisputeSeconds is >= 0 and <= 366 * 86_400;

    public TimeSpan Wait => TimeSpan.FromSeconds(DisputeSeconds);

    /// <summary>
    /// What settles when the meter says <paramref name="metered"/> and the buyer <paramref name="counted"/> (null: the
    /// buyer reported nothing): the buyer's count when the meter is above it by more than the tolerance, else the
    /// meter's. A buyer counting more than the meter changes nothing: a provider is never paid beyond its own count.
    /// </summary>
    public long Settles(long metered, long? counted)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(metered);
        if (counted is not { } buyer || buyer >= metered)
        {
            return metered;
        }

        var tolerance = Math.Max((long)((decimal)metered * ToleranceBps / 10_000m), ToleranceTokens);
        return metered - buyer > tolerance ? buyer : metered;
    }
}
