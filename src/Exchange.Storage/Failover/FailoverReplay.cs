using Exchange.Markets.Failover;
using Exchange.Markets.Settlement;
using Exchange.Storage.Settlement;
using Npgsql;

namespace Exchange.Storage.Failover;

/// <summary>
/// Failover's part of the settlement replay: from the fenced readings, the replacements in the allocation ledger and the
/// stored failovers alone, each allocation's terms as failover left them (a parent's remainder, a replacement's buyer
/// price and cover) and the transfers failover made: penalties, replacements' funding, and refunds of what found none.
/// </summary>
internal static class FailoverReplay
{
    /// <summary>Adds failover's transfers to <paramref name="transfers"/>; returns each allocation's recomputed terms, by id.</summary>
    public static async Task<Func<string, SettledAllocation>> RecomputeAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<SettlementRow> rows, Dictionary<long, SettlementConfiguration> pinned,
        Dictionary<string, Transfer> transfers, List<string> differences, CancellationToken cancellationToken)
    {
        var failovers = await FailoverRows.AllAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var newest = await FailoverRows.NewestReadingsAsync(connection, transaction, [.. failovers.Keys], cancellationToken).ConfigureAwait(false);
        var byId = rows.ToDictionary(r => r.State.Allocation.AllocationId, StringComparer.Ordinal);
        var settled = new Dictionary<string, SettledAllocation>(StringComparer.Ordinal);

        // The stored terms are derived: a replacement's follow from its parent's, a parent's remainder from its fenced meter.
        SettledAllocation Of(string id)
        {
            if (settled.TryGetValue(id, out var known))
            {
                return known;
            }

            var row = byId[id];
            var stored = row.State.Allocation;
            var terms = row.ParentAllocationId is { } parent
                ? FailoverSettlement.Replacement(Of(parent), id, stored.ProviderId, stored.Quantity, stored.PriceMicros)
                : new SettledAllocation(id, stored.BuyerId, stored.ProviderId, stored.Quantity, stored.PriceMicros);
            if (failovers.TryGetValue(id, out var failover))
            {
                var remainder = FailoverRemainder.Of(terms, newest.GetValueOrDefault(id), pinned[row.FundedRun].WeightsOf(row.Model));
                if (remainder != failover.Remainder)
                {
                    differences.Add($"{id}: failover stored a remainder of {failover.Remainder}, recomputed {remainder}");
                }

                terms = terms with { Reallocated = remainder };
            }

            return settled[id] = terms;
        }

        var children = rows.Where(r => r.ParentAllocationId is not null).ToLookup(r => r.ParentAllocationId!, StringComparer.Ordinal);
        foreach (var (parentId, failover) in failovers)
        {
            var parent = Of(parentId);
            Add(transfers, FailoverSettlement.Penalty(parent, parent.Reallocated, failover.PenaltyBps));
            foreach (var child in children[parentId])
            {
                Add(transfers, FailoverSettlement.Fund(parent, Of(child.State.Allocation.AllocationId)));
            }

            if (failover.Finished)
            {
                Add(transfers, FailoverSettlement.Release(parent, parent.Reallocated - children[parentId].Sum(c => c.State.Allocation.Quantity)));
            }
        }

        return Of;
    }

    private static void Add(Dictionary<string, Transfer> transfers, IEnumerable<Transfer> made)
    {
        foreach (var transfer in made)
        {
            transfers[transfer.TransferId] = transfer;
        }
    }
}
