namespace Exchange.Markets.Settlement;

/// <summary>
/// What a cluster (or a buyer) counted for one allocation since its start. Counters are cumulative, so a resent
/// reading changes nothing and a lost one is made good by the next.
/// </summary>
public readonly record struct MeterCounters(long InputTokens, long CachedInputTokens, long OutputTokens, long Requests, long RequestsMeetingSlo, long Errors)
{
    public static MeterCounters Zero { get; } = default;

    /// <summary>Whether every counter is at least the one in <paramref name="earlier"/> (none went backwards).</summary>
    public bool IsAtLeast(MeterCounters earlier) =>
        InputTokens >= earlier.InputTokens && CachedInputTokens >= earlier.CachedInputTokens && OutputTokens >= earlier.OutputTokens
        && Requests >= earlier.Requests && RequestsMeetingSlo >= earlier.RequestsMeetingSlo && Errors >= earlier.Errors;

    /// <summary>Whether the counters are possible at all: none negative, and no more requests meeting the SLO than requests.</summary>
    public bool IsValid =>
        InputTokens >= 0 && CachedInputTokens >= 0 && OutputTokens >= 0 && Errors >= 0 && Requests >= 0
        && RequestsMeetingSlo >= 0 && RequestsMeetingSlo <= Requests;

    /// <summary>What was counted between <paramref name="earlier"/> and these counters.</summary>
    public MeterCounters Since(MeterCounters earlier) => new(
        InputTokens - earlier.InputTokens, CachedInputTokens - earlier.CachedInputTokens, OutputTokens - earlier.OutputTokens,
        Requests - earlier.Requests, RequestsMeetingSlo - earlier.RequestsMeetingSlo, Errors - earlier.Errors);
}
