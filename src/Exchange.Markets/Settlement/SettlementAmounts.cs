namespace Exchange.Markets.Settlement;

/// <summary>
/// The arithmetic of settlement, exact in decimal. Ledger amounts carry at most twelve decimals (PostgreSQL's
/// numeric(38,12)); where a rate would need more (a fee in basis points, a credit in percent), the amount is rounded
/// down to twelve and the provider's share is what remains, so nothing is created or lost.
/// </summary>
public static class SettlementAmounts
{
    private const decimal Scale = 1_000_000_000_000m;

    /// <summary>USD for <paramref name="tokens"/> token-equivalents at <paramref name="priceMicros"/> micro-dollars per million.</summary>
    public static decimal Charge(long tokens, long priceMicros)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tokens);
        ArgumentOutOfRangeException.ThrowIfNegative(priceMicros);
        return Money.Normalize((decimal)tokens * priceMicros / (Money.MicrosPerDollar * (decimal)Money.TokensPerPriceUnit));
    }

    /// <summary><paramref name="basisPoints"/> of <paramref name="amount"/>, rounded down to twelve decimals.</summary>
    public static decimal BasisPoints(decimal amount, int basisPoints) => Down(amount * basisPoints / 10_000m);

    /// <summary><paramref name="amount"/> rounded down (toward zero) to twelve decimals.</summary>
    public static decimal Down(decimal amount) => Money.Normalize(decimal.Truncate(amount * Scale) / Scale);
}
