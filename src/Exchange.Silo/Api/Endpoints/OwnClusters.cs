using Exchange.Contracts.Clusters;
using Exchange.Silo.Api.Requests;

namespace Exchange.Silo.Api.Endpoints;

/// <summary>
/// A provider's own cluster by id. Another provider's cluster, one that does not exist and a malformed id are all "not
/// found", so a 404 tells a caller nothing about clusters that are not its own, and a malformed id wakes no grain.
/// </summary>
internal static class OwnClusters
{
    /// <param name="providerId">The caller's tenant, or null for an operator, to whom every cluster is its own.</param>
    public static async Task<(IClusterGrain Grain, ClusterView View)?> FindAsync(IGrainFactory grains, string clusterId, string? providerId)
    {
        if (!Ids.Resource().IsMatch(clusterId))
        {
            return null;
        }

        var grain = grains.GetGrain<IClusterGrain>(clusterId);
        return await grain.Get() is { } view && (providerId is null || view.Registration.ProviderId == providerId) ? (grain, view) : null;
    }
}
