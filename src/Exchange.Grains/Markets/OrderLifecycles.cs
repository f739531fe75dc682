using Exchange.Contracts.Markets;
using Exchange.Grains.Catalog;
using Exchange.Markets;
using Exchange.Storage.Journal;
using Microsoft.Extensions.Options;

namespace Exchange.Grains.Markets;

/// <summary>
/// Reconstructs an order's life from its market's journal: the latest snapshot before the order, then a replay through
/// the same deterministic core the market grain runs, told as events by <see cref="OrderLifecycle"/>. Reads only; the
/// market grain is not involved.
/// </summary>
public sealed class OrderLifecycles(MarketJournalStore store, IOptions<MarketOptions> options, IOptions<CatalogOptions> catalog)
{
    /// <summary>The order's events, oldest first; null when no order has this id (unknown, or its placement was refused).</summary>
    public async Task<IReadOnlyList<LifecycleEvent>?> ReadAsync(string orderId, CancellationToken cancellationToken)
    {
        if (!OrderIds.TryParse(orderId, out var marketId, out var placedAt))
        {
            return null;
        }

        var core = await StartBeforeAsync(marketId, placedAt, cancellationToken);
        var life = new OrderLifecycle(orderId);
        await foreach (var entry in store.ReadAsync(marketId, core.LastSequence, cancellationToken))
        {
            var command = MarketCommandCodec.Decode(entry.Command);
            life.Observe(entry.Sequence, command, core.Apply(entry.Sequence, command));
            if (life.Done)
            {
                break;
            }
        }

        return life.Events;
    }

    private async Task<MarketCore> StartBeforeAsync(string marketId, long sequence, CancellationToken cancellationToken) =>
        MarketCore.RestoreOrStart(
            marketId, await store.LoadSnapshotBeforeAsync(marketId, sequence, cancellationToken), ConfiguredRules.Of(options.Value, catalog.Value));
}
