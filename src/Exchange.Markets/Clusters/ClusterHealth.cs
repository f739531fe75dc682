namespace Exchange.Markets.Clusters;

/// <summary>How long silence is tolerated: suspect after <see cref="SuspectAfter"/>, failed <see cref="FailAfter"/> later.</summary>
public sealed record HealthTimings(TimeSpan SuspectAfter, TimeSpan FailAfter);

/// <summary>
/// The rules of a cluster's health, one home for every transition (the cluster grain applies them and journals each
/// change). A heartbeat or an accepted reading is a sign of life; silence makes an online cluster suspect, and a suspect
/// one failed once it stayed silent for the second wait after it became suspect: failure is final, so it never comes
/// in one step, and the caller counts silence from no earlier than the moment it could last hear the cluster (an outage
/// of the exchange's own is no silence of the cluster's). An offline cluster is out of service by its provider's
/// choice, so its silence means nothing.
/// </summary>
public static class ClusterHealth
{
    /// <summary>
    /// The status silence gives a cluster in <paramref name="status"/> since <paramref name="since"/>, last heard from at
    /// <paramref name="lastSeen"/>, or null when it keeps its own.
    /// </summary>
    public static ClusterStatus? AfterSilence(ClusterStatus status, DateTimeOffset since, DateTimeOffset lastSeen, DateTimeOffset now, HealthTimings timings)
    {
        ArgumentNullException.ThrowIfNull(timings);
        return status switch
        {
            ClusterStatus.Online when now - lastSeen > timings.SuspectAfter => ClusterStatus.Suspect,
            ClusterStatus.Suspect when now - (since > lastSeen ? since : lastSeen) > timings.FailAfter => ClusterStatus.Failed,
            _ => null,
        };
    }

    /// <summary>The status a heartbeat gives, or null when it keeps its own; a failed cluster takes no heartbeat (see <see cref="Accepts"/>).</summary>
    public static ClusterStatus? OnHeartbeat(ClusterStatus status, bool healthy) => status switch
    {
        ClusterStatus.Failed => null,
        ClusterStatus.Online when healthy => null,
        ClusterStatus.Offline when !healthy => null,
        _ => healthy ? ClusterStatus.Online : ClusterStatus.Offline,
    };

    /// <summary>The status a reading accepted at <paramref name="readAt"/> gives a cluster suspect since <paramref name="since"/>, or null.</summary>
    public static ClusterStatus? OnReading(ClusterStatus status, DateTimeOffset since, DateTimeOffset readAt) =>
        status == ClusterStatus.Suspect && readAt > since ? ClusterStatus.Online : null;

    /// <summary>Whether the cluster still takes heartbeats, readings and declarations: all but a failed one.</summary>
    public static bool Accepts(ClusterStatus status) => status != ClusterStatus.Failed;

    /// <summary>Why a sell on a cluster in <paramref name="status"/> is refused, or null when it may offer (only an online one may).</summary>
    public static RejectCode? Refusal(ClusterStatus status) => status switch
    {
        ClusterStatus.Online => null,
        ClusterStatus.Suspect => RejectCode.ClusterSuspect,
        ClusterStatus.Failed => RejectCode.ClusterFailed,
        _ => RejectCode.ClusterOffline,
    };

    /// <summary>Whether moving to <paramref name="status"/> withdraws the cluster's asks: every status but online.</summary>
    public static bool Withdraws(ClusterStatus status) => status != ClusterStatus.Online;
}
