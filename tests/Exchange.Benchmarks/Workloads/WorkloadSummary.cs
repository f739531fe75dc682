using System.Globalization;

namespace Exchange.Benchmarks.Workloads;

/// <summary>What a generated workload holds and what the reference matcher made of it.</summary>
public sealed record WorkloadSummary(
    int Commands,
    int Adds,
    int AimedAcross,
    int Markets,
    int Cancels,
    int CancelsOfFilled,
    long Trades,
    long TradedQuantity,
    long Notional,
    int RestingAtEnd,
    double MeanResting,
    int MaxResting,
    double FinalMid)
{
    /// <summary>The lines the Python generator prints on stderr, so the two can be read side by side.</summary>
    public string Describe(string path, long seed)
    {
        double n = Commands;
        var inv = CultureInfo.InvariantCulture;
        return string.Join('\n',
            string.Create(inv, $"gen: {Commands} commands -> {path} (seed {seed})"),
            string.Create(inv, $"  adds {Adds} ({100.0 * Adds / n:F1}%, {AimedAcross} aimed across the spread), market {Markets} ({100.0 * Markets / n:F1}%), cancels {Cancels} ({100.0 * Cancels / n:F1}%, {CancelsOfFilled} of recently filled ids)"),
            string.Create(inv, $"  reference matcher: trades {Trades}, traded qty {TradedQuantity}, sum(price*qty) {Notional}"),
            string.Create(inv, $"  live resting orders: end {RestingAtEnd}, mean {MeanResting:F0}, max {MaxResting}; final mid {FinalMid:F0}"));
    }
}
