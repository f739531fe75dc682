namespace Exchange.Markets.Settlement;

/// <summary>
/// A model's weights, from silo-config/models.json: how many token-equivalents (the unit allocations are sold in) one
/// input, cached-input and output token is worth.
/// </summary>
public sealed record TokenWeights(decimal Input, decimal CachedInput, decimal Output)
{
    /// <summary>Token-equivalents for the counted tokens, rounded down: a fraction of a token is never charged.</summary>
    public long Delivered(MeterCounters counters)
    {
        var exact = (counters.InputTokens * Input) + (counters.CachedInputTokens * CachedInput) + (counters.OutputTokens * Output);
        return (long)decimal.Floor(exact);
    }

    /// <summary>Whether the weights can be used: none negative, and some token worth something.</summary>
    public bool IsValid => Input >= 0 && CachedInput >= 0 && Output >= 0 && (Input + CachedInput + Output) > 0;
}
