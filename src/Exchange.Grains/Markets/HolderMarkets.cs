using Exchange.Contracts.Markets;
using Exchange.Storage.Reservations;

namespace Exchange.Grains.Markets;

/// <summary>
/// Asks the markets recorded for a tenant or cluster (<c>holder_markets</c>) for the orders they hold of theirs, and forgets
/// those that will never hold anything of theirs again. Ask these before reading the order store: an order a market stores
/// and forgets in between is then found in the store.
/// </summary>
public sealed class HolderMarkets(HolderMarketStore store, IGrainFactory grains)
{
    /// <summary>What each market recorded for the tenant holds of its orders (only <paramref name="marketId"/>, when given).</summary>
    public Task<MarketHoldings[]> OfTenantAsync(string tenantId, string? marketId, CancellationToken cancellationToken) =>
        AskAsync(HolderEpoch.TenantHolder(tenantId), marketId, m => m.HoldingsOf(tenantId), cancellationToken);

    /// <summary>What each market recorded for the cluster holds of its sells.</summary>
    public Task<MarketHoldings[]> OfClusterAsync(string clusterId, CancellationToken cancellationToken) =>
        AskAsync(HolderEpoch.ClusterHolder(clusterId), null, m => m.SellsOf(clusterId), cancellationToken);

    /// <summary>Forgets, for the holder (<see cref="HolderEpoch.TenantHolder"/> or <see cref="HolderEpoch.ClusterHolder"/>), the markets that are done.</summary>
    public Task ForgetDoneAsync(string holder, IEnumerable<MarketHoldings> holdings, CancellationToken cancellationToken) =>
        store.ForgetAsync(holder, [.. holdings.Where(h => h.Done).Select(h => h.MarketId)], cancellationToken);

    private async Task<MarketHoldings[]> AskAsync(
        string holder, string? marketId, Func<IMarketGrain, Task<MarketHoldings>> ask, CancellationToken cancellationToken)
    {
        var markets = await store.ReadAsync(holder, cancellationToken);
        return await Task.WhenAll(markets.Where(m => marketId is null || m == marketId).Select(m => ask(grains.GetGrain<IMarketGrain>(m))));
    }
}
