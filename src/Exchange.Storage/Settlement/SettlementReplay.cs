using Exchange.Markets.Failover;
using Exchange.Markets.Settlement;
using Exchange.Storage.Failover;
using Npgsql;

namespace Exchange.Storage.Settlement;

/// <summary>
/// Recomputes settlement from its stored inputs alone (the funded allocations, each settled interval's reading and
/// receipt, how each dispute ended, the configuration each allocation was funded under) with the pure core, and compares the result with the ledger's
/// settlement transfers: equal, transfer for transfer, when settlement is the deterministic function it must be.
/// </summary>
public sealed class SettlementReplay(NpgsqlDataSource dataSource)
{
    private static readonly string[] SettlementKinds =
        [.. new[]
        {
            TransferKind.Escrow, TransferKind.Charge, TransferKind.Fee, TransferKind.SloCredit, TransferKind.Refund, TransferKind.Dispute, TransferKind.Cover,
            TransferKind.Penalty,
        }.Select(k => k.ToString())];

    /// <summary>Every difference between the recomputed and the stored transfers, described; empty when they agree.</summary>
    public async Task<IReadOnlyList<string>> DifferencesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        var differences = new List<string>();
        var expected = await RecomputeAsync(connection, transaction, differences, cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            $"SELECT {StoredTransfer.TransferColumns} FROM ledger_transfers WHERE kind = ANY(@kinds) ORDER BY position", connection, transaction);
        command.Parameters.AddWithValue("kinds", SettlementKinds);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var stored = StoredTransfer.ReadTransfer(reader);
                if (!expected.Remove(stored.TransferId, out var recomputed))
                {
                    differences.Add($"{stored.TransferId}: stored, but settlement does not make it");
                }
                else if (!recomputed.SameAs(stored))
                {
                    differences.Add($"{stored.TransferId}: stored {Describe(stored)}, recomputed {Describe(recomputed)}");
                }
            }
        }

        differences.AddRange(expected.Keys.Order(StringComparer.Ordinal).Select(id => $"{id}: settlement makes it, but it is not stored"));
        return differences;
    }

    private static string Describe(Transfer t) => $"{t.From} → {t.To} {t.Amount}";

    private static async Task<Dictionary<string, Transfer>> RecomputeAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<string> differences, CancellationToken cancellationToken)
    {
        // The stored state is derived and may not be trusted: start each allocation from nothing settled.
        var rows = await SettlementRows.StatesAsync(connection, transaction, null, cancellationToken).ConfigureAwait(false);
        var pinned = await SettlementStore.PinnedAsync(connection, transaction, [.. rows.Select(r => r.FundedRun).Distinct()], cancellationToken).ConfigureAwait(false);
        var intervals = await IntervalInputsAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var disputes = await DisputeRows.ReadAsync(connection, transaction, null, cancellationToken).ConfigureAwait(false);
        var transfers = new Dictionary<string, Transfer>(StringComparer.Ordinal);
        var failover = await FailoverReplay.RecomputeAsync(connection, transaction, rows, pinned, transfers, differences, cancellationToken).ConfigureAwait(false);
        foreach (var row in rows)
        {
            var config = pinned[row.FundedRun];
            var state = row.State with
            {
                Allocation = failover(row.State.Allocation.AllocationId),
                SettledIntervals = 0, ReadingSequence = 0, Counters = MeterCounters.Zero, Settled = 0, ReceiptSequence = 0, Counted = null, Held = [],
            };
            var id = state.Allocation.AllocationId;
            if (row.ParentAllocationId is null)
            {
                var fund = AllocationSettlement.Fund(state.Allocation);
                transfers[fund.TransferId] = fund;
            }
            SettledInterval? last = null;
            foreach (var (reading, receipt) in intervals.GetValueOrDefault(id) ?? [])
            {
                last = IntervalSettler.Next(state, reading, receipt, config.WeightsOf(row.Model), config.Terms, config.Schedule);
                foreach (var transfer in last.Transfers)
                {
                    transfers[transfer.TransferId] = transfer;
                }

                state = last.After;
            }

            var held = last is { Closes: true } ? last.Disputed : 0;
            var dispute = disputes.GetValueOrDefault(id);
            if (held != (dispute?.Disputed ?? 0))
            {
                differences.Add($"{id}: {dispute?.Disputed ?? 0} token-equivalents disputed, recomputed {held}");
            }
            else if (dispute is { Awarded: { } awarded })
            {
                foreach (var transfer in DisputeSettlement.End(state.Allocation, state.Held, awarded, config.Terms))
                {
                    transfers[transfer.TransferId] = transfer;
                }
            }
        }

        return transfers;
    }

    /// <summary>Per allocation, in interval order, the reading and receipt each settled interval went through (null where none was).</summary>
    private static async Task<Dictionary<string, List<(MeterReading?, MeterReading?)>>> IntervalInputsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT i.allocation_id, i.reading_sequence, r.at, r.input_tokens, r.cached_input_tokens, r.output_tokens, r.requests, r.requests_meeting_slo, r.errors,
                   i.allocation_id, i.receipt_sequence, b.at, b.input_tokens, b.cached_input_tokens, b.output_tokens, b.requests, b.requests_meeting_slo, 0::bigint
            FROM settlement_intervals i
            LEFT JOIN meter_readings r ON r.allocation_id = i.allocation_id AND r.sequence = i.reading_sequence
            LEFT JOIN allocation_receipts b ON b.allocation_id = i.allocation_id AND b.sequence = i.receipt_sequence
            ORDER BY i.allocation_id, i.interval_no
            """, connection, transaction);
        var inputs = new Dictionary<string, List<(MeterReading?, MeterReading?)>>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var id = reader.GetString(0);
            if (!inputs.TryGetValue(id, out var list))
            {
                inputs[id] = list = [];
            }

            list.Add((reader.IsDBNull(2) ? null : Metering.StoredReadings.Read(reader), reader.IsDBNull(11) ? null : Metering.StoredReadings.Read(reader, 9)));
        }

        return inputs;
    }
}
