namespace Exchange.Markets.Settlement;

/// <summary>Below <paramref name="Below"/> SLO attainment (a fraction), the buyer is credited this percentage of the interval's charge.</summary>
public readonly record struct SloTier(decimal Below, int CreditPercent);

/// <summary>The configuration settlement runs under (Settlement:* in silo-config/); pinned with every run, so replay reproduces it.</summary>
public sealed record SettlementTerms(int FeeBps, IReadOnlyList<SloTier> SloTiers)
{
    /// <summary>The contract's defaults: a 50 bps fee; below 99 / 95 / 90 % attainment, 10 / 25 / 50 % back; disputes as <see cref="DisputeTerms.Default"/>.</summary>
    public static SettlementTerms Default { get; } = new(50, [new(0.99m, 10), new(0.95m, 25), new(0.90m, 50)]);

    /// <summary>When receipts and readings disagree enough to hold money back, and for how long.</summary>
    public DisputeTerms Disputes { get; init; } = DisputeTerms.Default;

    /// <summary>
    /// Whether the terms can always be paid: the fee and the largest credit together never exceed the charge, so the
    /// provider's payable covers every credit out of the same interval's proceeds.
    /// </summary>
    public bool IsValid =>
        FeeBps is >= 0 and <= 10_000 && SloTiers.All(t => t.Below is > 0 and <= 1 && t.CreditPercent is >= 0 and <= 100)
        && FeeBps + (100 * SloTiers.Select(t => t.CreditPercent).DefaultIfEmpty(0).Max()) <= 10_000 && Disputes is { IsValid: true };

    /// <summary>The credit percentage for an interval: the largest of the thresholds its attainment falls below, or none.</summary>
    public int CreditPercent(long requests, long requestsMeetingSlo)
    {
        if (requests <= 0)
        {
            return 0;
        }

        var attainment = (decimal)requestsMeetingSlo / requests;
        return SloTiers.Where(t => attainment < t.Below).Select(t => t.CreditPercent).DefaultIfEmpty(0).Max();
    }
}
