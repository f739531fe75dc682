using Exchange.Contracts.Markets;
using Exchange.Grains.Reservations;
using Microsoft.Extensions.Logging;

namespace Exchange.Grains.Clusters;

/// <summary>Takes a cluster's asks out of every market that holds one, so that nobody can sell what it may not deliver.</summary>
internal static class AskWithdrawal
{
    /// <summary>
    /// A sell reserved while online may still be on its way to its market, and would rest there after the markets
    /// cancelled this cluster's offers. So a new epoch first: once it commits, no sell reserved under the old one can be
    /// journaled (migration 0015), and those that were journaled before are in the markets the cancel reaches. The
    /// cancel goes out even if the epoch cannot be taken now (the database did not answer): the resting offers matter more.
    /// </summary>
    public static async Task WithdrawAsync(IGrainFactory grains, ReservationHolder holder, CapacityBook? capacity, string clusterId, ILogger logger)
    {
        try
        {
            await holder.BeginEpochAsync(CancellationToken.None);
        }
        finally
        {
            var withOffers = capacity?.MarketsWithOffers().ToArray() ?? [];
            ClusterLog.Withdrawing(logger, clusterId, withOffers.Length);
            await Task.WhenAll(withOffers.Select(m => grains.GetGrain<IMarketGrain>(m).CancelCluster(clusterId)));
        }
    }
}
