namespace Exchange.Grains.Clusters;

/// <summary>When a silent cluster counts as offline (section <c>Clusters</c>).</summary>
public sealed class ClusterHealthOptions : IValidatedOptions
{
    public const string SectionName = "Clusters";

    /// <summary>A cluster with no heartbeat for this long goes offline and its asks are cancelled.</summary>
    public int HeartbeatTimeoutSeconds { get; set; } = 60;

    /// <summary>How often an active cluster grain looks at its last heartbeat.</summary>
    public int CheckIntervalSeconds { get; set; } = 5;

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
        if (HeartbeatTimeoutSeconds < 1 || CheckIntervalSeconds < 1 || CheckIntervalSeconds > HeartbeatTimeoutSeconds)
        {
            problems.Add("Clusters:HeartbeatTimeoutSeconds and Clusters:CheckIntervalSeconds must be at least 1, the check no longer than the timeout.");
        }

        if (ReconcileSeconds < 1 || ReservationLeaseSeconds < 1)
        {
            problems.Add("Clusters:ReconcileSeconds and Clusters:ReservationLeaseSeconds must be at least 1.");
        }

        return problems;
    }
}
