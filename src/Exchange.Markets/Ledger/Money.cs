namespace Exchange.Markets;

/// <summary>Exact money arithmetic on integer prices; no floating point touches money.</summary>
public static class Money
{
    /// <summary>Micro-dollars per dollar.</summary>
    public const long MicrosPerDollar = 1_000_000;

    /// <summary>Prices are quoted per this many tokens.</summary>
    public const long TokensPerPriceUnit = 1_000_000;

    /// <summary>USD owed for <paramref name="quantity"/> tokens at <paramref name="priceMicros"/> micro-dollars per million tokens.</summary>
    public static decimal Notional(long quantity, long priceMicros) =>
        Normalize((decimal)quantity * priceMicros / (MicrosPerDollar * (decimal)TokensPerPriceUnit));

    /// <summary>The same amount with no trailing zeros (PostgreSQL's numeric(38,12) reads back with twelve).</summary>
    public static decimal Normalize(decimal amount) => amount / 1.000000000000000000000000000000000m;
}
