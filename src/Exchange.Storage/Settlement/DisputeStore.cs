using Exchange.Markets.Settlement;
using Npgsql;

namespace Exchange.Storage.Settlement;

/// <summary>What an operator's resolution came to.</summary>
public enum ResolutionOutcome
{
    /// <summary>Resolved now: the awarded part charged, the rest refunded, the allocation closed.</summary>
    Resolved,

    /// <summary>Resolved before with the same award: a retry, nothing changed.</summary>
    Repeated,

    /// <summary>The allocation has no dispute (none opened at its close, or it is not closed yet).</summary>
    NotDisputed,

    /// <summary>The dispute already ended otherwise (another award, or it expired or its deadline passed): nothing changed.</summary>
    AlreadyEnded,

    /// <summary>More was awarded than was disputed: nothing changed.</summary>
    ExceedsDisputed,
}

/// <summary>The outcome and the dispute as it stands afterwards (null when there is none).</summary>
public sealed record DisputeResolution(ResolutionOutcome Outcome, StoredDispute? Dispute);

/// <summary>
/// Ends disputes by an operator's decision. Under the ledger's writer lock, as a settlement run is, so a resolution
/// and the run that would expire the same dispute take turns and only the first ends it.
/// </summary>
public sealed class DisputeStore(NpgsqlDataSource dataSource)
{
    /// <summary>Awards <paramref name="awarded"/> of the disputed token-equivalents of <paramref name="allocationId"/> to its provider, refunding the rest.</summary>
    public async Task<DisputeResolution> ResolveAsync(
        string allocationId, long awarded, string resolvedBy, string? reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(awarded);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await LedgerWriter.LockAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var disputes = await DisputeRows.ReadAsync(connection, transaction, [allocationId], cancellationToken).ConfigureAwait(false);
        if (!disputes.TryGetValue(allocationId, out var dispute))
        {
            return new DisputeResolution(ResolutionOutcome.NotDisputed, null);
        }

        // Past its deadline a dispute belongs to the buyer, whether or not a run has refunded it yet.
        if (!dispute.Open || now >= dispute.DueAt)
        {
            var same = dispute.Outcome == StoredDispute.Resolved && dispute.Awarded == awarded;
            return new DisputeResolution(same ? ResolutionOutcome.Repeated : ResolutionOutcome.AlreadyEnded, dispute);
        }

        if (awarded > dispute.Disputed)
        {
            return new DisputeResolution(ResolutionOutcome.ExceedsDisputed, dispute);
        }

        var row = (await SettlementRows.StatesAsync(connection, transaction, [allocationId], cancellationToken).ConfigureAwait(false)).Single();
        var pinned = await SettlementStore.PinnedAsync(connection, transaction, [row.FundedRun], cancellationToken).ConfigureAwait(false);
        var transfers = DisputeSettlement.End(row.State.Allocation, row.State.Held, awarded, pinned[row.FundedRun].Terms);
        var append = await LedgerWriter.PostAsync(connection, transaction, transfers, now, null, reason, SettlementStore.SettlementFloor,
            account => account.Kind == AccountKind.Escrow ? row.State.Allocation.BuyerId : account.Owner, cancellationToken, @new: true).ConfigureAwait(false);
        if (!append.Written)
        {
            throw new InvalidOperationException($"Resolving the dispute of {allocationId} broke a ledger rule.");
        }

        var end = DisputeEnd.Of(allocationId, StoredDispute.Resolved, awarded, resolvedBy, reason, transfers);
        await DisputeRows.EndAsync(connection, transaction, [end], now, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        var after = await DisputeRows.ReadAsync(connection, null, [allocationId], cancellationToken).ConfigureAwait(false);
        return new DisputeResolution(ResolutionOutcome.Resolved, after[allocationId]);
    }
}
