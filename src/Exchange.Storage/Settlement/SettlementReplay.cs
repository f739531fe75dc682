using Exchange.Markets.Settlement;
using Npgsql;

namespace Exchange.Storage.Settlement;

/// <summary>
/// Recomputes settlement from its stored inputs alone (the funded allocations, each settled interval's reading, the
/// configuration each allocation was funded under) with the pure core, and compares the result with the ledger's
/// settlement transfers: equal, transfer for transfer, when settlement is the deterministic function it must be.
/// </summary>
public sealed class SettlementReplay(NpgsqlDataSource dataSource)
{
    private static readonly string[] SettlementKinds =
        [.. new[] { TransferKind.Escrow, TransferKind.Charge, TransferKind.Fee, TransferKind.SloCredit, TransferKind.Refund }.Select(k => k.ToString())];

    /// <summary>Every difference between the recomputed and the stored transfers, described; empty when they agree.</summary>
    public async Task<IReadOnlyList<string>> DifferencesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        var expected = await RecomputeAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var differences = new List<string>();
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
        NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        // The stored state is derived and may not be trusted: start each allocation from nothing settled.
        var rows = await SettlementRows.StatesAsync(connection, transaction, null, cancellationToken).ConfigureAwait(false);
        var pinned = await SettlementStore.PinnedAsync(connection, transaction, [.. rows.Select(r => r.FundedRun).Distinct()], cancellationToken).ConfigureAwait(false);
        var intervals = await IntervalReadingsAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var transfers = new Dictionary<string, Transfer>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var config = pinned[row.FundedRun];
            var state = row.State with { SettledIntervals = 0, ReadingSequence = 0, Counters = MeterCounters.Zero };
            var fund = AllocationSettlement.Fund(state.Allocation);
            transfers[fund.TransferId] = fund;
            foreach (var reading in intervals.GetValueOrDefault(state.Allocation.AllocationId) ?? [])
            {
                var step = IntervalSettler.Next(state, reading, config.WeightsOf(row.Model), config.Terms, config.Schedule);
                foreach (var transfer in step.Transfers)
                {
                    transfers[transfer.TransferId] = transfer;
                }

                state = step.After;
            }
        }

        return transfers;
    }

    /// <summary>Per allocation, in interval order, the reading each settled interval went through (null where none was).</summary>
    private static async Task<Dictionary<string, List<MeterReading?>>> IntervalReadingsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT i.allocation_id, i.reading_sequence, r.at, r.input_tokens, r.cached_input_tokens, r.output_tokens, r.requests, r.requests_meeting_slo, r.errors
            FROM settlement_intervals i
            LEFT JOIN meter_readings r ON r.allocation_id = i.allocation_id AND r.sequence = i.reading_sequence
            ORDER BY i.allocation_id, i.interval_no
            """, connection, transaction);
        var readings = new Dictionary<string, List<MeterReading?>>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var id = reader.GetString(0);
            if (!readings.TryGetValue(id, out var list))
            {
                readings[id] = list = [];
            }

            list.Add(reader.IsDBNull(2) ? null : Metering.StoredReadings.Read(reader));
        }

        return readings;
    }
}
