namespace Exchange.Storage.Reservations;

/// <summary>A reservation holder (a tenant or a cluster) and the epoch of the grain activation that admitted an order against it.</summary>
public readonly record struct HolderEpoch(string Holder, long Epoch)
{
    /// <summary>The epoch of the tenant grain activation that admitted an order.</summary>
    public static HolderEpoch Tenant(string tenantId, long epoch) => new(TenantHolder(tenantId), epoch);

    /// <summary>The epoch of the cluster grain activation that reserved a sell's capacity.</summary>
    public static HolderEpoch Cluster(string clusterId, long epoch) => new(ClusterHolder(clusterId), epoch);

    /// <summary>A tenant's holder key in <c>reservation_epochs</c>.</summary>
    public static string TenantHolder(string tenantId) => "tenant:" + tenantId;

    /// <summary>A cluster's holder key in <c>reservation_epochs</c>.</summary>
    public static string ClusterHolder(string clusterId) => "cluster:" + clusterId;
}
