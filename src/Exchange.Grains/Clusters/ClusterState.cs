using Exchange.Contracts.Clusters;

namespace Exchange.Grains.Clusters;

/// <summary>What a cluster grain persists: its registration and health. Capacity use is rebuilt from markets and the order store.</summary>
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
