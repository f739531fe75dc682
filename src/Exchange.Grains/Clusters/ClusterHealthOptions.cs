namespace Exchange.Grains.Clusters;

/// <summary>When a silent cluster counts as offline (section <c>Clusters</c>).</summary>
public sealed class ClusterHealthOptions
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
}
