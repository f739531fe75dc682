using Exchange.Markets.Clusters;

namespace Exchange.Grains.Clusters;

/// <summary>When a silent cluster counts as suspect, then failed (section <c>Clusters</c>).</summary>
public sealed class ClusterHealthOptions : IValidatedOptions
{
    public const string SectionName = "Clusters";

    /// <summary>A cluster with no heartbeat and no reading for this long is suspect, and its asks are cancelled.</summary>
    public int SuspectAfterSeconds { get; set; } = 60;

    /// <summary>A suspect cluster silent for this much longer has failed.</summary>
    public int FailAfterSeconds { get; set; } = 300;

    /// <summary>How often an active cluster grain looks at its last heartbeat and reading.</summary>
    public int CheckIntervalSeconds { get; set; } = 5;

    public HealthTimings Timings => new(TimeSpan.FromSeconds(SuspectAfterSeconds), TimeSpan.FromSeconds(FailAfterSeconds));

    /// <summary>How often a cluster asks its markets and the order store for its sell orders again, healing an update lost in a crash.</summary>
    public int ReconcileSeconds { get; set; } = 60;

    /// <summary>
    /// How long a reservation may wait for its order to become durable before it is taken for leaked. Longer than any
    /// placement can take (two grain calls, each bounded by Orleans' response timeout of 30 s).
    /// </summary>
    public int ReservationLeaseSeconds { get; set; } = 120;

    /// <summary>Every problem with these options, each naming its setting; empty when usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (SuspectAfterSeconds < 1 || FailAfterSeconds < 1 || CheckIntervalSeconds < 1 || CheckIntervalSeconds > SuspectAfterSeconds)
        {
            problems.Add("Clusters:SuspectAfterSeconds, Clusters:FailAfterSeconds and Clusters:CheckIntervalSeconds must be at least 1, the check no longer than the wait for suspect.");
        }

        if (ReconcileSeconds < 1 || ReservationLeaseSeconds < 1)
        {
            problems.Add("Clusters:ReconcileSeconds and Clusters:ReservationLeaseSeconds must be at least 1.");
        }

        return problems;
    }
}
