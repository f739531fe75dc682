namespace Exchange.Grains.Failover;

/// <summary>Failover settings (silo-config/silo.json, section Failover; docs/failover.md).</summary>
public sealed class FailoverOptions : IValidatedOptions
{
    public const string SectionName = "Failover";

    /// <summary>What a failed provider pays the buyer, in basis points of the value its cluster did not deliver.</summary>
    public int PenaltyBps { get; set; } = 1000;

    /// <summary>How often each silo looks for failures to take and re-allocations to finish (they take turns under the ledger's lock).</summary>
    public int RunMilliseconds { get; set; } = 500;

    /// <summary>At most this many allocations re-allocated in one run; more waits for the next run, right after.</summary>
    public int MaxPerRun { get; set; } = 20_000;

    /// <summary>How many re-allocation bids a run has on their way to markets at once.</summary>
    public int Concurrency { get; set; } = 64;

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (PenaltyBps is < 0 or > 10_000)
        {
            problems.Add("Failover:PenaltyBps must be 0 to 10000.");
        }

        if (RunMilliseconds is < 10 or > 600_000 || MaxPerRun is < 1 or > 1_000_000 || Concurrency is < 1 or > 1_024)
        {
            problems.Add("Failover:RunMilliseconds must be 10 to 600000, Failover:MaxPerRun 1 to 1000000 and Failover:Concurrency 1 to 1024.");
        }

        return problems;
    }
}
