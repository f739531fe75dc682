using Exchange.Contracts.Markets;
using Exchange.Markets;
using Exchange.Storage.Reservations;

namespace Exchange.Grains.Markets;

/// <summary>The epochs of the tenant and cluster grain activations that admitted a command's order; its journal batch requires them current.</summary>
internal static class AdmissionEpochs
{
    // Orders placed on markets directly (the Orleans-client bench) carry no epoch: nothing is allocated for them.
    public static IReadOnlyList<HolderEpoch> Of(MarketCommand command)
    {
        if (command is not PlaceCommand { Request: var request } || (request.TenantEpoch == 0 && request.Cluster is not { Epoch: > 0 }))
        {
            return [];
        }

        var epochs = new List<HolderEpoch>(2);
        if (request.TenantEpoch > 0)
        {
            epochs.Add(HolderEpoch.Tenant(request.TenantId, request.TenantEpoch));
        }

        if (request.Cluster is { Epoch: > 0 } seller)
        {
            epochs.Add(HolderEpoch.Cluster(seller.ClusterId, seller.Epoch));
        }

        return epochs;
    }
}
