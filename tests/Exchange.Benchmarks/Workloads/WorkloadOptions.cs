namespace Exchange.Benchmarks.Workloads;

/// <summary>
/// What shapes a generated workload. The two named profiles are the standard workloads every
/// engine's figures are quoted on: <c>standard</c> keeps about a thousand orders near the mid,
/// <c>deep</c> about 75,000 over ±2,000 ticks.
/// </summary>
/// <param name="Orders">Commands (lines) to write.</param>
/// <param name="Mid">Centre of the mean-reverting mid-price walk, in ticks.</param>
/// <param name="TargetBook">Live resting orders the flow steers towards by crossing the spread more often above it.</param>
/// <param name="Spread">Passive orders rest up to this many ticks from the mid.</param>
public sealed record WorkloadOptions(int Orders, long Seed, long Mid = 10_000, int TargetBook = 1_000, int Spread = 50)
{
    public const int StandardOrders = 1_000_000;
    public const long StandardSeed = 1;

    public static WorkloadOptions Standard { get; } = new(StandardOrders, StandardSeed);

    public static WorkloadOptions Deep { get; } = Standard with { TargetBook = 100_000, Spread = 2_000 };

    /// <summary>The named profile, or null for a name that is not one.</summary>
    public static WorkloadOptions? Profile(string name) => name switch
    {
        "standard" => Standard,
        "deep" => Deep,
        _ => null,
    };
}
