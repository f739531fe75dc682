namespace Exchange.Matching;

/// <summary>A market's trading limits: sizes, price grid and protection bands.</summary>
public sealed record class BookConfig
{
    /// <summary>Quantities are multiples of this many tokens.</summary>
    public long LotSize { get; init; } = 1;

    /// <summary>Prices are multiples of this many price units.</summary>
    public long TickSize { get; init; } = 1;

    /// <summary>The highest acceptable limit price; it also bounds the book's price-level array.</summary>
    public long MaxPrice { get; init; } = 1_000_000;

    /// <summary>The largest quantity one order may carry.</summary>
    public long MaxQuantity { get; init; } = 1_000_000_000_000;

    /// <summary>A market order trades at most this many ticks away from the best compatible opposite price; null = no band.</summary>
    public long? MarketBandTicks { get; init; } = 1_000;

    /// <summary>A limit order priced more than this many ticks through the opposite best is rejected; null = no check.</summary>
    public long? LimitBandTicks { get; init; }

    /// <summary>Resting orders the book makes room for up front; it grows beyond that.</summary>
    public int InitialOrderCapacity { get; init; } = 1_024;

    /// <summary>
    /// Kept for configuration and snapshot compatibility; levels are now paged on demand (1,024 at a time,
    /// only where orders rest), so nothing is sized from it. Must be positive.
    /// </summary>
    public int InitialPriceLevels { get; init; } = 1_024;

    /// <summary>Lot 1, tick 1, no bands: the semantics of the benchmark workload files.</summary>
    public static BookConfig Workload { get; } = new() { MarketBandTicks = null, MaxPrice = 10_000_000 };

    private const long MaxLevels = 100_000_000;

    internal int MaxLevel => checked((int)(MaxPrice / TickSize));

    /// <summary>Throws if the configuration cannot describe a market; a programming error, not a business rejection.</summary>
    public void Validate()
    {
        if (LotSize <= 0 || TickSize <= 0 || MaxPrice <= 0 || MaxQuantity <= 0)
        {
            throw new ArgumentException("lot size, tick size, max price and max quantity must be positive");
        }
        if (MaxPrice / TickSize > MaxLevels)
        {
            throw new ArgumentException("max price / tick size must not exceed 100,000,000 price levels");
        }
        if (MarketBandTicks < 0 || LimitBandTicks < 0)
        {
            throw new ArgumentException("bands must not be negative");
        }
        if (MarketBandTicks > MaxLevels || LimitBandTicks > MaxLevels)
        {
            throw new ArgumentException("bands must not exceed 100,000,000 ticks");
        }
        if (InitialOrderCapacity <= 0 || InitialPriceLevels <= 0)
        {
            throw new ArgumentException("initial capacities must be positive");
        }
    }
}
