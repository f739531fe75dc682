using Exchange.Contracts.Markets;
using Exchange.Grains.Markets;
using Exchange.Storage.Reservations;

namespace Exchange.Grains.Reservations;

/// <summary>
/// The protocol a reservation holder (a tenant for its credit, a cluster for its capacity) follows so that a crash can
/// neither leak a reservation nor lose an order. Reservations are not persisted; each activation:
/// <list type="number">
/// <item>takes a new epoch first, which the orders it admits carry: from its commit on, no order an earlier activation
/// admitted can be journaled (migration 0015), so what the markets and the order store hold is all there ever will be;</item>
/// <item>asks the markets recorded for it (<c>holder_markets</c>) for the orders they hold, then reads the order store:
/// markets first, so an order a market stores and forgets in between is found in the store;</item>
/// <item>reconciles periodically the same way, drops reservations nothing confirmed within the lease, and forgets the
/// markets that will never hold anything of its again.</item>
/// </list>
/// </summary>
public sealed class ReservationHolder
{
    private readonly string _holder;
    private readonly ReservationEpochStore _epochs;
    private readonly HolderMarkets _markets;
    private readonly Func<CancellationToken, Task<MarketHoldings[]>> _ask;

    private ReservationHolder(
        string holder, ReservationEpochStore epochs, HolderMarkets markets, Func<CancellationToken, Task<MarketHoldings[]>> ask)
    {
        _holder = holder;
        _epochs = epochs;
        _markets = markets;
        _ask = ask;
    }

    /// <summary>The epoch this activation's orders carry (0 until <see cref="BeginEpochAsync"/>).</summary>
    public long Epoch { get; private set; }

    /// <summary>The tenant's credit: markets answer with the tenant's orders.</summary>
    public static ReservationHolder ForTenant(string tenantId, ReservationEpochStore epochs, HolderMarkets markets) =>
        new(HolderEpoch.TenantHolder(tenantId), epochs, markets, ct => markets.OfTenantAsync(tenantId, null, ct));

    /// <summary>The cluster's capacity: markets answer with the cluster's sells.</summary>
    public static ReservationHolder ForCluster(string clusterId, ReservationEpochStore epochs, HolderMarkets markets) =>
        new(HolderEpoch.ClusterHolder(clusterId), epochs, markets, ct => markets.OfClusterAsync(clusterId, ct));

    /// <summary>Takes a new epoch; call before asking the markets.</summary>
    public async Task BeginEpochAsync(CancellationToken cancellationToken) =>
        Epoch = await _epochs.BeginEpochAsync(_holder, cancellationToken);

    /// <summary>Asks the holder's markets for the orders they hold of its, applies each to <paramref name="book"/> and returns what they said.</summary>
    public async Task<MarketHoldings[]> AskMarketsAsync(IReservationBook book, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(book);
        var holdings = await _ask(cancellationToken);
        foreach (var order in holdings.SelectMany(h => h.Orders))
        {
            book.Apply(order);
        }

        return holdings;
    }

    /// <summary>
    /// One round of reconciliation: the markets, then the order store (<paramref name="readStoreAsync"/>), then the lease
    /// (<paramref name="leaseCutoff"/>), then the markets that are done.
    /// </summary>
    public async Task ReconcileAsync(IReservationBook book, Func<Task> readStoreAsync, DateTimeOffset leaseCutoff)
    {
        ArgumentNullException.ThrowIfNull(readStoreAsync);
        var holdings = await AskMarketsAsync(book, CancellationToken.None);
        await readStoreAsync();
        book.DropUnconfirmedBefore(leaseCutoff);
        await _markets.ForgetDoneAsync(_holder, holdings, CancellationToken.None);
    }
}
