using Exchange.Contracts.Clusters;

namespace Exchange.Grains.Clusters;

/// <summary>
/// What a cluster grain persists: its registration and last heartbeat. Its status lives in the health journal
/// (cluster_health); <see cref="Online"/> is what a cluster said of itself before that journal, read only while it has no
/// change journaled. Capacity use is rebuilt from markets and the order store.
/// </summary>
[GenerateSerializer]
public sealed class ClusterState
{
    [Id(0)]
    public ClusterRegistration? Registration { get; set; }

    [Id(1)]
    public bool Online { get; set; }

    [Id(2)]
    public DateTimeOffset? LastHeartbeat { get; set; }
}
