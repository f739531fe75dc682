using Exchange.Markets;
using Exchange.Storage.Reservations;

namespace Exchange.Grains.Markets;

/// <summary>
/// The tenants and clusters whose orders here this activation has recorded in <c>holder_markets</c> (or queued with a batch;
/// a failed batch ends the activation): only a first order per holder carries the record.
/// </summary>
internal sealed class RecordedHolders
{
    private readonly HashSet<string> _tenants = new(StringComparer.Ordinal);
    private readonly HashSet<string> _clusters = new(StringComparer.Ordinal);

    /// <summary>The tenant and cluster of an order the command placed, if not recorded yet; they count as recorded from now.</summary>
    public IReadOnlyList<string> NewIn(MarketCommand command, CommandOutcome outcome)
    {
        if (command is not PlaceCommand { Request: var request } || outcome.Order is null)
        {
            return [];
        }

        var tenantIsNew = _tenants.Add(request.TenantId);
        var clusterIsNew = request.Cluster is { } seller && _clusters.Add(seller.ClusterId);
        if (!tenantIsNew && !clusterIsNew)
        {
            return [];
        }

        var holders = new List<string>(2);
        if (tenantIsNew)
        {
            holders.Add(HolderEpoch.TenantHolder(request.TenantId));
        }

        if (clusterIsNew)
        {
            holders.Add(HolderEpoch.ClusterHolder(request.Cluster!.ClusterId));
        }

        return holders;
    }
}
