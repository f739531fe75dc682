namespace Exchange.Markets.Settlement;

/// <summary>
/// Token-equivalents metered in one interval and not yet charged (the buyer's receipts held them back), with the SLO
/// credit percentage of the interval that delivered them: when they are charged later, by a catching-up interval or
/// an operator's award, they are credited as that interval's requests earned, so a buyer cannot move tokens served on
/// time into an interval that missed its SLO by holding its receipts back.
/// </summary>
public readonly record struct HeldSlice(long Tokens, int CreditPercent)
{
    /// <summary>Takes <paramref name="tokens"/> from the oldest slices first: what was taken, and what is still held.</summary>
    public static (IReadOnlyList<HeldSlice> Taken, IReadOnlyList<HeldSlice> Left) Take(IReadOnlyList<HeldSlice> held, long tokens)
    {
        ArgumentNullException.ThrowIfNull(held);
        var taken = new List<HeldSlice>();
        var left = new List<HeldSlice>();
        foreach (var slice in held)
        {
            var part = Math.Min(slice.Tokens, tokens);
            if (part > 0)
            {
                taken.Add(slice with { Tokens = part });
                tokens -= part;
            }

            if (slice.Tokens > part)
            {
                left.Add(slice with { Tokens = slice.Tokens - part });
            }
        }

        return tokens == 0 ? (taken, left) : throw new InvalidOperationException($"{tokens} token-equivalents more taken than held.");
    }

    /// <summary>The SLO credit of these slices at <paramref name="priceMicros"/>: each slice's percentage of its own charge, rounded down.</summary>
    public static decimal Credit(IEnumerable<HeldSlice> slices, long priceMicros) =>
        slices.Sum(s => SettlementAmounts.Down(SettlementAmounts.Charge(s.Tokens, priceMicros) * s.CreditPercent / 100m));

    /// <summary>As settlement_allocations keeps them: "tokens:percent" pairs joined by ';'.</summary>
    public static string Write(IEnumerable<HeldSlice> slices) =>
        string.Join(';', slices.Select(s => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{s.Tokens}:{s.CreditPercent}")));

    public static IReadOnlyList<HeldSlice> Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length == 0
            ? []
            : [.. text.Split(';').Select(p => p.Split(':')).Select(p => new HeldSlice(
                long.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture)))];
    }
}
