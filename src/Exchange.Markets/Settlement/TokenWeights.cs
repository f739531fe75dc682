namespace Exchange.Markets.Settlement;

/// <summary>
/// A model's weights, from silo-config/models.json: how many token-equivalents (the unit allocations are sold in) one
/// input, cached-input and output token is worth.
/// </summary>
public sealed record TokenWeights(decimal Input, decimal CachedInput, decimal Output)
{
    /// <summary>The largest weight configuration accepts: large enough for any real model, small enough that no count overflows.</summary>
    public const decimal MaxWeight = 1_000_000m;

    /// <summary>Token-equivalents for the counted tokens, rounded down: a fraction of a token is never charged.</summary>
    /// <remarks>Compare counters with a quantity through <see cref="Exact"/>: a count beyond any allocation does not fit a long.</remarks>
    public long Delivered(MeterCounters counters) => (long)decimal.Floor(Exact(counters));

    /// <summary>Token-equivalents for the counted tokens, unrounded (decimal holds any weighted sum of long counters under <see cref="MaxWeight"/>).</summary>
    public decimal Exact(MeterCounters counters) =>
        (counters.InputTokens * Input) + (counters.CachedInputTokens * CachedInput) + (counters.OutputTokens * Output);

    /// <summary>Whether the weights can be used: none negative, and some token worth something.</summary>
    public bool IsValid =>
        Input is >= 0 and <= MaxWeight && CachedInput is >= 0 and <= MaxWeight && Output is >= 0 and <= MaxWeight && (Input + CachedInput + Output) > 0;
}
