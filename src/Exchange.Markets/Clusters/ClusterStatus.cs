namespace Exchange.Markets.Clusters;

/// <summary>
/// A cluster's health. Only an online cluster offers capacity; a suspect one has gone quiet and may come back; a failed one
/// never does (its provider registers the repaired machines as a new cluster), and its meter is fenced; an offline one was
/// taken out of service by its provider. Persisted by name: add members at the end.
/// </summary>
public enum ClusterStatus
{
    Online,
    Suspect,
    Failed,
    Offline,
}

/// <summary>What changed a cluster's status. Persisted by name: add members at the end.</summary>
public enum HealthCause
{
    /// <summary>No heartbeat and no reading for longer than the configured wait.</summary>
    Silent,

    /// <summary>A heartbeat: healthy brings the cluster back, unhealthy takes it offline.</summary>
    Heartbeat,

    /// <summary>A reading batch accepted from a suspect cluster brought it back.</summary>
    Reading,

    /// <summary>Its provider or an operator declared it failed.</summary>
    Declared,
}

/// <summary>The wire names of statuses and causes: the one place they are spelled.</summary>
public static class ClusterStatusNames
{
    public static string WireName(this ClusterStatus status) => status switch
    {
        ClusterStatus.Online => "online",
        ClusterStatus.Suspect => "suspect",
        ClusterStatus.Failed => "failed",
        ClusterStatus.Offline => "offline",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown cluster status."),
    };

    public static string WireName(this HealthCause cause) => cause switch
    {
        HealthCause.Silent => "silent",
        HealthCause.Heartbeat => "heartbeat",
        HealthCause.Reading => "reading",
        HealthCause.Declared => "declared",
        _ => throw new ArgumentOutOfRangeException(nameof(cause), cause, "Unknown health cause."),
    };
}
