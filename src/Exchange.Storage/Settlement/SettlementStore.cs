using Exchange.Markets.Settlement;
using Exchange.Storage.Ledger;
using Npgsql;

namespace Exchange.Storage.Settlement;

/// <summary>
/// What one settlement run did; <see cref="RunId"/> is 0 when there was nothing to do and nothing was written. Settled
/// counts the due steps taken (intervals, and disputes that expired), Closed the allocations that closed.
/// </summary>
public sealed record SettlementRunResult(long RunId, int Funded, int Settled, int Closed);

/// <summary>
/// Runs settlement: one run is one transaction under the ledger's writer lock, so runs on several silos take turns and
/// a run killed midway leaves nothing. A run funds the allocations whose delivery period has begun since the last run
/// funded (their escrow, under the configuration it pins for their whole life: like a clearing house's settlement date,
/// the money moves when delivery starts, while the buyer's credit was committed at the match), then settles the next interval
/// of each allocation that is due (the last one closes it with the refund), journaling each interval with the reading
/// it settled through, and posts every transfer that follows. The arithmetic is the pure core's
/// (<see cref="IntervalSettler"/>, <see cref="AllocationSettlement"/>); this class chooses the inputs and stores.
/// </summary>
public sealed class SettlementStore(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Floors while settling: money leaves escrow only as far as it holds (the arithmetic guarantees it), but a fill's
    /// escrow is already owed when it is funded: the buyer's credit limit was checked when the order was admitted, so the
    /// ledger records the funding rather than refusing a trade that happened. A provider's payable covers its SLO credits
    /// out of the same interval's proceeds, unless a failover's cover and penalty took it below zero (docs/failover.md):
    /// then it owes the exchange, and its credits are still owed to its buyers. Only payouts stop at zero.
    /// </summary>
    internal static decimal? SettlementFloor(LedgerAccount account) => account.Kind is AccountKind.Cash or AccountKind.External or AccountKind.Payable ? null : 0m;

    /// <summary>Runs once at <paramref name="now"/>, settling at most <paramref name="maxSteps"/> due intervals.</summary>
    public async Task<SettlementRunResult> RunAsync(
        DateTimeOffset now, SettlementConfiguration configuration, int maxSteps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await LedgerWriter.LockAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var (lastRun, fundedThrough) = await LastRunAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var horizon = await LedgerHorizon.ReadAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var runId = lastRun + 1;

        // Periods that have begun, and whose every allocation is behind the horizon (each was matched before its start).
        var fundTo = now < horizon ? now : horizon;
        var funded = fundTo > fundedThrough
            ? await SettlementRows.FundableAsync(connection, transaction, fundedThrough, fundTo, runId, cancellationToken).ConfigureAwait(false)
            : [];
        var due = await SettlementRows.DueAsync(connection, transaction, now, maxSteps, cancellationToken).ConfigureAwait(false);
        if (funded.Count == 0 && due.Count == 0)
        {
            // Nothing written: a range of periods without allocations is looked at again next time, at the cost of an index probe.
            return new SettlementRunResult(0, 0, 0, 0);
        }

        var configText = ConfigurationText.Write(configuration);
        await InsertRunAsync(connection, transaction, runId, now, funded.Count > 0 ? fundTo : fundedThrough, configText, cancellationToken)
            .ConfigureAwait(false);
        var pinned = await PinnedAsync(connection, transaction, due.Select(d => d.FundedRun).Distinct().ToArray(), cancellationToken).ConfigureAwait(false);
        pinned[runId] = configuration;
        var settling = due.Where(d => !d.InDispute).ToArray();
        var ids = settling.Select(d => d.State.Allocation.AllocationId).ToArray();
        var cutoffs = settling.Select(d => IntervalSettler.CutoffOfNext(d.State, pinned[d.FundedRun].Schedule)).ToArray();
        var readings = await SettlementRows.ReadingsAsync(connection, transaction, ids, cutoffs, cancellationToken).ConfigureAwait(false);
        var receipts = await SettlementRows.ReceiptsAsync(connection, transaction, ids, cutoffs, cancellationToken).ConfigureAwait(false);

        var transfers = funded.Select(f => AllocationSettlement.Fund(f.State.Allocation)).ToList();
        var steps = new List<(SettledInterval Step, DateTimeOffset? NextDue)>(settling.Length);
        var opened = new List<(string, long, DateTimeOffset, DateTimeOffset)>();
        foreach (var row in settling)
        {
            var config = pinned[row.FundedRun];
            var id = row.State.Allocation.AllocationId;
            var step = IntervalSettler.Next(row.State, readings.GetValueOrDefault(id), receipts.GetValueOrDefault(id), config.WeightsOf(row.Model), config.Terms,
                config.Schedule);
            var next = step.Closes ? (DateTimeOffset?)null : config.Schedule.DueAt(row.State.PeriodStart, row.State.PeriodEnd, step.Interval + 1);
            if (step.Closes && step.Disputed > 0)
            {
                // The disputed part stays in escrow until an operator resolves it or the wait is over.
                next = config.Schedule.DueAt(row.State.PeriodStart, row.State.PeriodEnd, step.Interval) + config.Terms.Disputes.Wait;
                opened.Add((id, step.Disputed, step.Start, next.Value));
            }

            steps.Add((step, next));
            transfers.AddRange(step.Transfers);
        }

        // Disputes nobody resolved in time: the held money goes back to the buyer.
        var expired = new List<DisputeEnd>();
        foreach (var row in due.Where(d => d.InDispute))
        {
            var ending = DisputeSettlement.End(row.State.Allocation, row.State.Held, 0, pinned[row.FundedRun].Terms);
            expired.Add(DisputeEnd.Of(row.State.Allocation.AllocationId, StoredDispute.Expired, 0, null, null, ending));
            transfers.AddRange(ending);
        }

        if (funded.Count > 0)
        {
            await SettlementRows.InsertFundedAsync(connection, transaction, funded, configuration.Schedule, cancellationToken).ConfigureAwait(false);
        }

        if (steps.Count > 0)
        {
            await SettlementRows.SaveStepsAsync(connection, transaction, runId, steps, cancellationToken).ConfigureAwait(false);
        }

        if (opened.Count > 0)
        {
            await DisputeRows.OpenAsync(connection, transaction, runId, opened, cancellationToken).ConfigureAwait(false);
        }

        if (expired.Count > 0)
        {
            await DisputeRows.EndAsync(connection, transaction, expired, now, cancellationToken).ConfigureAwait(false);
        }

        var buyers = funded.Concat(due).ToDictionary(r => r.State.Allocation.AllocationId, r => r.State.Allocation.BuyerId, StringComparer.Ordinal);
        var append = await LedgerWriter.PostAsync(connection, transaction, transfers, now, runId, null, SettlementFloor,
            account => account.Kind == AccountKind.Escrow ? buyers[account.Owner] : account.Owner, cancellationToken, @new: true).ConfigureAwait(false);
        if (!append.Written)
        {
            var refused = transfers.Zip(append.Outcomes).First(p => !LedgerAppend.Accepted(p.Second));
            throw new InvalidOperationException($"Settlement run {runId} broke a ledger rule: transfer {refused.First.TransferId} was {refused.Second}.");
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new SettlementRunResult(runId, funded.Count, steps.Count + expired.Count, steps.Count(s => s.Step.Closes && s.NextDue is null) + expired.Count);
    }

    private static async Task<(long LastRun, DateTimeOffset FundedThrough)> LastRunAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT run_id, funded_through FROM settlement_runs ORDER BY run_id DESC LIMIT 1", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? (reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1))
            : (0, DateTimeOffset.MinValue);
    }

    private static async Task InsertRunAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long runId, DateTimeOffset at, DateTimeOffset fundedThrough, string configuration,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "INSERT INTO settlement_runs (run_id, at, funded_through, configuration) VALUES (@run, @at, @through, @configuration)", connection, transaction);
        command.Parameters.AddWithValue("run", runId);
        command.Parameters.AddWithValue("at", at);
        command.Parameters.AddWithValue("through", fundedThrough == DateTimeOffset.MinValue ? DateTimeOffset.UnixEpoch : fundedThrough);
        command.Parameters.AddWithValue("configuration", configuration);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The configurations these runs pinned.</summary>
    internal static async Task<Dictionary<long, SettlementConfiguration>> PinnedAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, long[] runIds, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT run_id, configuration FROM settlement_runs WHERE run_id = ANY(@runs)", connection, transaction);
        command.Parameters.AddWithValue("runs", runIds);
        var pinned = new Dictionary<long, SettlementConfiguration>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            pinned[reader.GetInt64(0)] = ConfigurationText.Read(reader.GetString(1));
        }

        return pinned;
    }
}
