using Exchange.Markets;
using Exchange.Markets.Failover;
using Exchange.Markets.Settlement;
using Exchange.Storage.Journal;
using Exchange.Storage.Settlement;
using Npgsql;

namespace Exchange.Storage.Failover;

/// <summary>What a failover finds and how it ends, in the ledger's transactions (docs/failover.md).</summary>
/// <param name="PenaltyBps">What a failed provider pays the buyer, in basis points of the undelivered value.</param>
/// <param name="Blocked">Buyer jurisdictions that may not buy: their remainder is refunded, never re-allocated.</param>
public sealed record FailoverRules(int PenaltyBps, IReadOnlyCollection<string> Blocked);

/// <summary>An allocation of a failed cluster (<paramref name="ClusterId"/>) whose remainder is being re-allocated: what its re-allocation bid asks.</summary>
public sealed record OpenFailover(
    string ParentAllocationId, string MarketId, string BuyerId, string BuyerJurisdiction, long Sought, long MaxPriceMicros,
    IReadOnlyList<string> Regions, int MinTier, IReadOnlyList<string> DataPolicies, string ClusterId);

/// <summary>
/// The failover's own tables and its ledger steps. <see cref="FindAsync"/> takes each failure once, when settlement has
/// funded every period that had begun by then, and writes a row per allocation the cluster was delivering (with the
/// remainder the fence left, the bid's terms from the buy order's journaled command, and the penalty) in one
/// transaction under the ledger's writer lock. <see cref="FinishAsync"/> funds the replacements a bid made and refunds the
/// rest. The re-allocation bid itself goes through the market (the failover runner), between the two.
/// </summary>
public sealed class FailoverStore(NpgsqlDataSource dataSource, MarketJournalStore journal)
{
    // A failed provider's payable may go below zero: it then owes the exchange the cover and the penalty. An escrow never may.
    internal static decimal? Floor(LedgerAccount account) => account.Kind is AccountKind.Escrow or AccountKind.Fees ? 0m : null;

    /// <summary>Finds the failures not taken yet, each once; the number of allocations whose remainder is now to re-allocate.</summary>
    public async Task<int> FindAsync(DateTimeOffset now, FailoverRules rules, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rules);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        // Looked for first without the ledger's lock, which settlement needs every second: failures are rare.
        if ((await FailoverRows.NewFailuresAsync(connection, null, cancellationToken).ConfigureAwait(false)).Count == 0)
        {
            return 0;
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await LedgerWriter.LockAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var failures = await FailoverRows.NewFailuresAsync(connection, transaction, cancellationToken).ConfigureAwait(false);

        var parents = await FailoverRows.DeliveringAsync(connection, transaction, failures, cancellationToken).ConfigureAwait(false);
        var pinned = await SettlementStore.PinnedAsync(connection, transaction, [.. parents.Select(p => p.Row.FundedRun).Distinct()], cancellationToken)
            .ConfigureAwait(false);
        var newest = await FailoverRows.NewestReadingsAsync(connection, transaction, [.. parents.Select(p => p.Row.State.Allocation.AllocationId)], cancellationToken)
            .ConfigureAwait(false);
        var orders = await BuyOrdersAsync(parents.Select(p => p.BuyOrderId), cancellationToken).ConfigureAwait(false);

        var found = new List<FoundFailover>(parents.Count);
        var transfers = new List<Transfer>();
        foreach (var parent in parents)
        {
            var allocation = parent.Row.State.Allocation;
            var weights = pinned[parent.Row.FundedRun].WeightsOf(parent.Row.Model);
            var remainder = FailoverRemainder.Of(allocation, newest.GetValueOrDefault(allocation.AllocationId), weights);
            var order = orders.GetValueOrDefault(parent.BuyOrderId);
            // The market fits the bid to its own tick and lot (ReallocationOrders.Fit).
            var maxPrice = order is null || order.Failover is { Reallocate: false } ? 0
                : FailoverTerms.MaxPrice(order.Failover, order.Kind == OrderKind.Limit ? order.PriceMicros : allocation.PriceMicros);
            var sought = maxPrice == 0 || rules.Blocked.Contains(parent.Row.BuyerJurisdiction, StringComparer.OrdinalIgnoreCase) ? 0 : remainder;
            found.Add(new FoundFailover(parent, remainder, sought, maxPrice, order?.Constraints ?? new BuyerConstraints([], 0, [])));
            transfers.AddRange(FailoverSettlement.Penalty(allocation, remainder, rules.PenaltyBps));
        }

        await FailoverRows.InsertAsync(connection, transaction, found, now, rules.PenaltyBps, cancellationToken).ConfigureAwait(false);
        await FailoverRows.MarkFailuresAsync(connection, transaction, failures, found, cancellationToken).ConfigureAwait(false);
        await PostAsync(connection, transaction, transfers, now, account => account.Owner, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return found.Count(f => f.Remainder > 0);
    }

    /// <summary>Up to <paramref name="limit"/> failovers not finished yet, oldest failure first.</summary>
    public async Task<IReadOnlyList<OpenFailover>> OpenAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await FailoverRows.OpenAsync(connection, limit, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Ends these failovers, whose bids are answered for good: each replacement is funded out of its parent's escrow (and
    /// the failed provider's cover) and settles from now on like any allocation, under its parent's pinned configuration;
    /// what no replacement took goes back to the buyer. Returns how many ended (a failover already ended is skipped).
    /// </summary>
    public async Task<int> FinishAsync(IReadOnlyList<string> parentAllocationIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parentAllocationIds);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await LedgerWriter.LockAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var remainders = await FailoverRows.UnfinishedAsync(connection, transaction, [.. parentAllocationIds], cancellationToken).ConfigureAwait(false);
        if (remainders.Count == 0)
        {
            return 0;
        }

        var parents = (await SettlementRows.StatesAsync(connection, transaction, [.. remainders.Keys], cancellationToken).ConfigureAwait(false))
            .ToDictionary(r => r.State.Allocation.AllocationId, StringComparer.Ordinal);
        var children = await FailoverRows.ChildrenAsync(connection, transaction, [.. remainders.Keys], cancellationToken).ConfigureAwait(false);
        var pinned = await SettlementStore.PinnedAsync(connection, transaction, [.. parents.Values.Select(p => p.FundedRun).Distinct()], cancellationToken)
            .ConfigureAwait(false);

        var transfers = new List<Transfer>();
        var funded = new List<SettlementRow>();
        var ended = new List<(string Parent, long Reallocated, long Released)>();
        foreach (var (parentId, remainder) in remainders)
        {
            var parent = parents[parentId];
            var reallocated = 0L;
            foreach (var child in children.GetValueOrDefault(parentId) ?? [])
            {
                var settled = FailoverSettlement.Replacement(parent.State.Allocation, child.AllocationId, child.ProviderId, child.Quantity, child.PriceMicros);
                transfers.AddRange(FailoverSettlement.Fund(parent.State.Allocation, settled));
                funded.Add(new SettlementRow(
                    new SettlingAllocation(settled, child.PeriodStart, child.PeriodEnd, 0, 0, MeterCounters.Zero),
                    child.Model, child.ClusterId, child.Region, child.BuyerJurisdiction, parent.FundedRun) { ParentAllocationId = parentId });
                reallocated += child.Quantity;
            }

            transfers.AddRange(FailoverSettlement.Release(parent.State.Allocation, remainder - reallocated));
            ended.Add((parentId, reallocated, remainder - reallocated));
        }

        foreach (var group in funded.GroupBy(f => f.FundedRun))
        {
            await SettlementRows.InsertFundedAsync(connection, transaction, [.. group], pinned[group.Key].Schedule, cancellationToken).ConfigureAwait(false);
        }

        // Every escrow failover touches is a parent's or its replacement's, and all of them are the parent's buyer's.
        var buyers = funded.ToDictionary(f => f.State.Allocation.AllocationId, f => f.State.Allocation.BuyerId, StringComparer.Ordinal);
        foreach (var parent in parents.Values)
        {
            buyers[parent.State.Allocation.AllocationId] = parent.State.Allocation.BuyerId;
        }

        await FailoverRows.EndAsync(connection, transaction, ended, now, cancellationToken).ConfigureAwait(false);
        await PostAsync(connection, transaction, transfers, now, account => account.Kind == AccountKind.Escrow ? buyers[account.Owner] : account.Owner,
            cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return ended.Count;
    }

    private static async Task PostAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<Transfer> transfers, DateTimeOffset now, Func<LedgerAccount, string> holderOf,
        CancellationToken cancellationToken)
    {
        if (transfers.Count == 0)
        {
            return;
        }

        var append = await LedgerWriter.PostAsync(connection, transaction, transfers, now, null, null, Floor, holderOf, cancellationToken, @new: true)
            .ConfigureAwait(false);
        if (!append.Written)
        {
            var refused = transfers.Zip(append.Outcomes).First(p => !LedgerAppend.Accepted(p.Second));
            throw new InvalidOperationException($"Failover broke a ledger rule: transfer {refused.First.TransferId} was {refused.Second}.");
        }
    }

    /// <summary>The journaled requests of these buy orders, by order id (reading each market's journal once, from the first wanted).</summary>
    private async Task<Dictionary<string, OrderRequest>> BuyOrdersAsync(IEnumerable<string> orderIds, CancellationToken cancellationToken)
    {
        var wanted = new Dictionary<string, SortedSet<long>>(StringComparer.Ordinal);
        foreach (var orderId in orderIds.Distinct(StringComparer.Ordinal))
        {
            if (OrderIds.TryParse(orderId, out var market, out var sequence))
            {
                (wanted.TryGetValue(market, out var set) ? set : wanted[market] = []).Add(sequence);
            }
        }

        var requests = new Dictionary<string, OrderRequest>(StringComparer.Ordinal);
        foreach (var (market, sequences) in wanted)
        {
            await foreach (var entry in journal.ReadAsync(market, sequences.Min - 1, cancellationToken).ConfigureAwait(false))
            {
                if (sequences.Contains(entry.Sequence) && MarketCommandCodec.Decode(entry.Command) is PlaceCommand place)
                {
                    requests[OrderIds.Format(market, entry.Sequence)] = place.Request;
                }

                if (entry.Sequence >= sequences.Max)
                {
                    break;
                }
            }
        }

        return requests;
    }
}

/// <summary>An allocation a failed cluster was delivering, as failover found it, with what its re-allocation bid will ask.</summary>
internal sealed record FoundFailover(DeliveringParent Parent, long Remainder, long Sought, long MaxPriceMicros, BuyerConstraints Constraints);

/// <summary>A failed cluster's allocation under delivery at its failure: its settlement state and the buy order it came from.</summary>
internal sealed record DeliveringParent(SettlementRow Row, string MarketId, string BuyOrderId, string ClusterId, DateTimeOffset FailedAt);
