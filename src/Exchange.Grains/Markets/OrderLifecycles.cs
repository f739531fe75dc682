using Exchange.Contracts.Markets;
using Exchange.Grains.Catalog;
using Exchange.Markets;
using Exchange.Storage.Journal;
using Microsoft.Extensions.Options;

namespace Exchange.Grains.Markets;

/// <summary>One event in an order's life: what happened, when (the command's time), at which journal sequence, to how many tokens.</summary>
/// <param name="Type">accepted, fill, reduced, cancelled or expired.</param>
/// <param name="Quantity">Tokens the event concerned: ordered, filled, reduced by, cancelled or expired.</param>
/// <param name="PriceMicros">The order's limit (accepted) or the fill's price; null otherwise.</param>
public sealed record LifecycleEvent(string Type, DateTimeOffset At, long Sequence, long Quantity, long? PriceMicros, string? AllocationId);

/// <summary>
/// Reconstructs an order's life from its market's journal: the latest snapshot before the order, then a replay through
/// the same deterministic core the market grain runs, watching the order from acceptance to its last fill, cancel or
/// expiry. Reads only; the market grain is not involved.
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
        var events = new List<LifecycleEvent>();
        (long Quantity, long Cancelled, OrderEnd End)? last = null;
        await foreach (var entry in store.ReadAsync(marketId, core.LastSequence, cancellationToken))
        {
            var command = MarketCommandCodec.Decode(entry.Command);
            var outcome = core.Apply(entry.Sequence, command);
            var at = DateTimeOffset.FromUnixTimeMilliseconds(command.Timestamp);
            if (entry.Sequence == placedAt)
            {
                if (outcome.Order is not { } placed)
                {
                    return null;
                }

                var request = placed.Request;
                events.Add(new LifecycleEvent("accepted", at, entry.Sequence, request.Quantity, request.Kind == OrderKind.Limit ? request.PriceMicros : null, null));
                last = (request.Quantity, 0, OrderEnd.None);
            }

            if (last is not { } before)
            {
                continue;
            }

            events.AddRange(outcome.Allocations
                .Where(a => a.BuyOrderId == orderId || a.SellOrderId == orderId)
                .Select(a => new LifecycleEvent("fill", a.MatchedAt, entry.Sequence, a.Quantity, a.PriceMicros, a.AllocationId)));
            if (outcome.Touched.FirstOrDefault(o => o.OrderId == orderId) is not { } order)
            {
                continue;
            }

            if (order.Quantity < before.Quantity)
            {
                events.Add(new LifecycleEvent("reduced", at, entry.Sequence, before.Quantity - order.Quantity, null, null));
            }

            if (order.Cancelled > before.Cancelled)
            {
                events.Add(new LifecycleEvent(order.End == OrderEnd.Expired ? "expired" : "cancelled", at, entry.Sequence, order.Cancelled - before.Cancelled, null, null));
            }

            last = (order.Quantity, order.Cancelled, order.End);
            if (!order.IsOpen)
            {
                break;
            }
        }

        return last is null ? null : events;
    }

    private async Task<MarketCore> StartBeforeAsync(string marketId, long sequence, CancellationToken cancellationToken) =>
        MarketCore.RestoreOrStart(
            marketId, await store.LoadSnapshotBeforeAsync(marketId, sequence, cancellationToken), ConfiguredRules.Of(options.Value, ConfiguredRules.Attributes(catalog.Value)));
}
