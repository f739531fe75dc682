namespace Exchange.Grains.Markets;

/// <summary>How markets are cut and bounded (section <c>Markets</c>); safe defaults, overridable in <c>silo-config/</c>.</summary>
public sealed class MarketOptions : IValidatedOptions
{
    public const string SectionName = "Markets";

    /// <summary>Length of one delivery period; a market closes at its period start.</summary>
    public int PeriodMinutes { get; set; } = 60;

    /// <summary>How many coming periods are listed for every model.</summary>
    public int ListAheadPeriods { get; set; } = 48;

    /// <summary>Quantities are whole multiples of this many tokens.</summary>
    public long LotSize { get; set; } = 1_000;

    /// <summary>Prices are whole multiples of this many micro-dollars per million tokens ($0.01 by default).</summary>
    public long TickMicros { get; set; } = 10_000;

    /// <summary>The highest acceptable price, in micro-dollars per million tokens ($1,000 by default).</summary>
    public long MaxPriceMicros { get; set; } = 1_000_000_000;

    /// <summary>The largest single order, in tokens.</summary>
    public long MaxOrderQuantity { get; set; } = 1_000_000_000_000;

    /// <summary>Market orders trade at most this many ticks away from the best opposite price.</summary>
    public long MarketBandTicks { get; set; } = 500;

    /// <summary>The fewest journaled commands between two snapshots; each also waits for as many journal bytes as the last one held (<see cref="SnapshotSchedule"/>).</summary>
    public int SnapshotEveryCommands { get; set; } = 10_000;

    /// <summary>
    /// Whether a market takes orders that no tenant grain (and, for a sell, no cluster grain) admitted: orders with no
    /// admission epoch, which skipped credit, quota, rate, jurisdiction and capacity checks. Only benchmarks and tests
    /// that drive markets directly set it; in production every order comes through its tenant's grain.
    /// </summary>
    public bool AcceptUncheckedOrders { get; set; }

    public TimeSpan Period => TimeSpan.FromMinutes(PeriodMinutes);

    // The matching engine's limit (BookConfig).
    private const long MaxPriceLevels = 100_000_000;

    /// <summary>Every problem with these options; empty when usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (PeriodMinutes <= 0 || 1440 % PeriodMinutes != 0)
        {
            problems.Add("Markets:PeriodMinutes must divide a day.");
        }

        if (LotSize <= 0 || TickMicros <= 0 || MaxPriceMicros < TickMicros || MaxPriceMicros % TickMicros != 0)
        {
            problems.Add("Markets:LotSize and TickMicros must be positive and MaxPriceMicros a multiple of TickMicros.");
        }

        if (MaxOrderQuantity < LotSize || MarketBandTicks <= 0 || SnapshotEveryCommands <= 0 || ListAheadPeriods < 1)
        {
            problems.Add("Markets:MaxOrderQuantity, MarketBandTicks, SnapshotEveryCommands and ListAheadPeriods must be positive.");
        }

        // The engine keeps one slot per price level, and capacity sums quantity × a period's seconds.
        if (TickMicros > 0 && (MaxPriceMicros / TickMicros > MaxPriceLevels || MarketBandTicks > MaxPriceLevels))
        {
            problems.Add($"Markets:MaxPriceMicros / Markets:TickMicros and Markets:MarketBandTicks must not exceed {MaxPriceLevels:N0} price levels.");
        }

        if (MaxOrderQuantity > long.MaxValue / 1_000_000)
        {
            problems.Add($"Markets:MaxOrderQuantity must not exceed {long.MaxValue / 1_000_000:N0}.");
        }

        return problems;
    }
}
