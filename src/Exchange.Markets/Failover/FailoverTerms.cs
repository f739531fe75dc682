namespace Exchange.Markets;

/// <summary>
/// What a buyer accepts when the cluster that was to deliver its tokens fails: re-allocation up to a price per million
/// tokens (in micro-dollars), or a refund of the remainder.
/// </summary>
public sealed record FailoverTerms(bool Reallocate, long MaxPriceMicros)
{
    /// <summary>Refund the remainder instead of buying it elsewhere.</summary>
    public static FailoverTerms Refund { get; } = new(false, 0);

    /// <summary>The most the buyer pays a replacement per million tokens: its own choice, else <paramref name="orderPriceMicros"/>.</summary>
    public static long MaxPrice(FailoverTerms? terms, long orderPriceMicros) =>
        terms is { Reallocate: true, MaxPriceMicros: > 0 } ? terms.MaxPriceMicros : orderPriceMicros;
}
