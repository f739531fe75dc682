using Exchange.Markets.Settlement;
using Npgsql;

namespace Exchange.Storage.Settlement;

/// <summary>
/// An allocation under settlement as settlement_allocations keeps it, with the run whose configuration it was funded
/// under; <see cref="Disputed"/>: token-equivalents left in escrow at close by a dispute (then <see cref="Closed"/> once it ended).
/// </summary>
public sealed record SettlementRow(
    SettlingAllocation State, string Model, string ClusterId, string Region, string BuyerJurisdiction, long FundedRun, bool Closed = false, long Disputed = 0)
{
    /// <summary>The failed cluster's allocation whose tokens this one replaces (failover funded it); null for a trade.</summary>
    public string? ParentAllocationId { get; init; }

    /// <summary>Whether the allocation waits for its dispute to end: every interval settled, money still held.</summary>
    public bool InDispute => Disputed > 0 && !Closed;
}

/// <summary>The SQL of settlement's own tables; <see cref="SettlementStore"/> decides what to read and write.</summary>
internal static class SettlementRows
{
    private const string StateColumns = """
        s.allocation_id, s.buyer_id, s.provider_id, s.quantity, s.price_micros, s.period_start, s.period_end, s.settled_intervals,
        s.reading_sequence, s.input_tokens, s.cached_input_tokens, s.output_tokens, s.requests, s.requests_meeting_slo, s.errors,
        s.model, s.cluster_id, s.region, s.buyer_jurisdiction, s.funded_run, s.due_at IS NULL, s.settled, s.receipt_sequence, s.counted, s.disputed, s.held,
        s.reallocated, s.parent_allocation_id, s.buyer_price_micros, s.cover_payer
        """;

    /// <summary>
    /// The allocations of the delivery periods starting in (from, to]: final once the ledger's horizon has passed their
    /// start, since a market matches nothing after its gate closes at the start and nothing is added behind the horizon.
    /// </summary>
    public static async Task<List<SettlementRow>> FundableAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset from, DateTimeOffset to, long runId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT allocation_id, buyer_id, provider_id, quantity, price_micros, period_start, period_end, model, cluster_id, region, buyer_jurisdiction
            FROM allocations WHERE period_start > @from AND period_start <= @to AND parent_allocation_id IS NULL
            ORDER BY period_start, matched_at, market_id, sequence
            """, connection, transaction);
        command.Parameters.AddWithValue("from", from == DateTimeOffset.MinValue ? DateTimeOffset.UnixEpoch : from);
        command.Parameters.AddWithValue("to", to);
        var rows = new List<SettlementRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var allocation = new SettledAllocation(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4));
            var state = new SettlingAllocation(allocation, reader.GetFieldValue<DateTimeOffset>(5), reader.GetFieldValue<DateTimeOffset>(6), 0, 0, MeterCounters.Zero);
            rows.Add(new SettlementRow(state, reader.GetString(7), reader.GetString(8), reader.GetString(9), reader.GetString(10), runId));
        }

        return rows;
    }

    /// <summary>
    /// Up to <paramref name="limit"/> allocations whose next step is due at <paramref name="now"/>, longest due first,
    /// locked for update until the run commits: a readings batch for one of them (which share-locks it) waits, then
    /// sees it closed, or was stored before the run read the readings. Both lock in id order, so they never deadlock.
    /// </summary>
    public static async Task<List<SettlementRow>> DueAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        await using (var due = new NpgsqlCommand(
            "SELECT allocation_id FROM settlement_allocations WHERE due_at <= @now ORDER BY due_at, allocation_id LIMIT @limit", connection, transaction))
        {
            due.Parameters.AddWithValue("now", now);
            due.Parameters.AddWithValue("limit", limit);
            await using var reader = await due.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                ids.Add(reader.GetString(0));
            }
        }

        if (ids.Count == 0)
        {
            return [];
        }

        await using var command = new NpgsqlCommand(
            $"SELECT {StateColumns} FROM settlement_allocations s WHERE s.allocation_id = ANY(@ids) ORDER BY s.allocation_id FOR UPDATE", connection, transaction);
        command.Parameters.AddWithValue("ids", ids.ToArray());
        return await ReadStatesAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>These allocations' settlement state, by id (none for an allocation not funded yet); every funded allocation's when null.</summary>
    public static async Task<List<SettlementRow>> StatesAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string[]? allocationIds, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT {StateColumns} FROM settlement_allocations s{(allocationIds is null ? "" : " WHERE s.allocation_id = ANY(@ids)")}", connection, transaction);
        if (allocationIds is not null)
        {
            command.Parameters.AddWithValue("ids", allocationIds);
        }

        return await ReadStatesAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<List<SettlementRow>> ReadStatesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<SettlementRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var price = reader.GetInt64(4);
            var allocation = new SettledAllocation(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), price)
            {
                Reallocated = reader.GetInt64(26),
                BuyerPriceMicros = reader.IsDBNull(28) ? price : reader.GetInt64(28),
                CoverPayerId = reader.IsDBNull(29) ? null : reader.GetString(29),
            };
            var counters = Metering.StoredReadings.Counters(reader, 9);
            var state = new SettlingAllocation(allocation, reader.GetFieldValue<DateTimeOffset>(5), reader.GetFieldValue<DateTimeOffset>(6),
                reader.GetInt32(7), reader.GetInt64(8), counters)
            {
                Settled = reader.GetInt64(21), ReceiptSequence = reader.GetInt64(22), Counted = reader.IsDBNull(23) ? null : reader.GetInt64(23),
                Held = HeldSlice.Read(reader.GetString(25)),
            };
            rows.Add(new SettlementRow(
                state, reader.GetString(15), reader.GetString(16), reader.GetString(17), reader.GetString(18), reader.GetInt64(19), reader.GetBoolean(20),
                reader.GetInt64(24))
            {
                ParentAllocationId = reader.IsDBNull(27) ? null : reader.GetString(27),
            });
        }

        return rows;
    }

    /// <summary>For each allocation, the reading its next interval settles through: the highest sequence at or before its cut-off.</summary>
    public static Task<Dictionary<string, MeterReading>> ReadingsAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string[] allocationIds, DateTimeOffset[] cutoffs, CancellationToken cancellationToken) =>
        NewestAsync(connection, transaction, "meter_readings", "errors", allocationIds, cutoffs, cancellationToken);

    /// <summary>For each allocation, the buyer's receipt its next interval compares with, chosen as its reading is.</summary>
    public static Task<Dictionary<string, MeterReading>> ReceiptsAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string[] allocationIds, DateTimeOffset[] cutoffs, CancellationToken cancellationToken) =>
        NewestAsync(connection, transaction, "allocation_receipts", "0::bigint", allocationIds, cutoffs, cancellationToken);

    private static async Task<Dictionary<string, MeterReading>> NewestAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string table, string errors, string[] allocationIds, DateTimeOffset[] cutoffs,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"""
            SELECT r.allocation_id, r.sequence, r.at, r.input_tokens, r.cached_input_tokens, r.output_tokens, r.requests, r.requests_meeting_slo, r.errors
            FROM unnest(@ids, @cutoffs) AS d (allocation_id, cutoff)
            CROSS JOIN LATERAL (
                SELECT m.allocation_id, m.sequence, m.at, m.input_tokens, m.cached_input_tokens, m.output_tokens, m.requests, m.requests_meeting_slo,
                       {errors} AS errors
                FROM {table} m WHERE m.allocation_id = d.allocation_id AND m.at <= d.cutoff ORDER BY m.sequence DESC LIMIT 1) r
            """, connection, transaction);
        command.Parameters.AddWithValue("ids", allocationIds);
        command.Parameters.AddWithValue("cutoffs", cutoffs);
        var readings = new Dictionary<string, MeterReading>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            readings[reader.GetString(0)] = Metering.StoredReadings.Read(reader);
        }

        return readings;
    }

    public static async Task InsertFundedAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<SettlementRow> rows, DeliverySchedule schedule, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO settlement_allocations (allocation_id, buyer_id, provider_id, cluster_id, region, buyer_jurisdiction, model, quantity, price_micros,
                                                period_start, period_end, funded_run, due_at, parent_allocation_id, buyer_price_micros, cover_payer)
            SELECT * FROM unnest(@ids, @buyers, @providers, @clusters, @regions, @jurisdictions, @models, @quantities, @prices, @starts, @ends, @runs, @due,
                                 @parents, @buyerPrices, @coverPayers)
            """, connection, transaction);
        command.Parameters.AddWithValue("parents", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text, rows.Select(r => r.ParentAllocationId).ToArray());
        command.Parameters.AddWithValue("buyerPrices", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Bigint,
            rows.Select(r => r.State.Allocation.BuyerPriceMicros == r.State.Allocation.PriceMicros ? (long?)null : r.State.Allocation.BuyerPriceMicros).ToArray());
        command.Parameters.AddWithValue("coverPayers", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text,
            rows.Select(r => r.State.Allocation.CoverPayerId).ToArray());
        command.Parameters.AddWithValue("ids", rows.Select(r => r.State.Allocation.AllocationId).ToArray());
        command.Parameters.AddWithValue("buyers", rows.Select(r => r.State.Allocation.BuyerId).ToArray());
        command.Parameters.AddWithValue("providers", rows.Select(r => r.State.Allocation.ProviderId).ToArray());
        command.Parameters.AddWithValue("clusters", rows.Select(r => r.ClusterId).ToArray());
        command.Parameters.AddWithValue("regions", rows.Select(r => r.Region).ToArray());
        command.Parameters.AddWithValue("jurisdictions", rows.Select(r => r.BuyerJurisdiction).ToArray());
        command.Parameters.AddWithValue("models", rows.Select(r => r.Model).ToArray());
        command.Parameters.AddWithValue("quantities", rows.Select(r => r.State.Allocation.Quantity).ToArray());
        command.Parameters.AddWithValue("prices", rows.Select(r => r.State.Allocation.PriceMicros).ToArray());
        command.Parameters.AddWithValue("starts", rows.Select(r => r.State.PeriodStart).ToArray());
        command.Parameters.AddWithValue("ends", rows.Select(r => r.State.PeriodEnd).ToArray());
        command.Parameters.AddWithValue("runs", rows.Select(r => r.FundedRun).ToArray());
        command.Parameters.AddWithValue("due", rows.Select(r => schedule.DueAt(r.State.PeriodStart, r.State.PeriodEnd, 1)).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task SaveStepsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long runId, IReadOnlyList<(SettledInterval Step, DateTimeOffset? NextDue)> steps,
        CancellationToken cancellationToken)
    {
        await using (var intervals = new NpgsqlCommand("""
            INSERT INTO settlement_intervals (allocation_id, interval_no, run_id, starts_at, ends_at, reading_sequence, delivered, requests,
                                              requests_meeting_slo, credit_percent, closes, charged, credited, refunded, receipt_sequence, disputed)
            SELECT i.allocation_id, i.interval_no, @run, i.starts_at, i.ends_at, i.reading_sequence, i.delivered, i.requests, i.requests_meeting_slo,
                   i.credit_percent, i.closes, i.charged, i.credited, i.refunded, i.receipt_sequence, i.disputed
            FROM unnest(@ids, @numbers, @starts, @ends, @readings, @delivered, @requests, @met, @credits, @closes, @charged, @credited, @refunded,
                        @receipts, @disputed)
                AS i (allocation_id, interval_no, starts_at, ends_at, reading_sequence, delivered, requests, requests_meeting_slo, credit_percent, closes,
                      charged, credited, refunded, receipt_sequence, disputed)
            """, connection, transaction))
        {
            intervals.Parameters.AddWithValue("run", runId);
            intervals.Parameters.AddWithValue("ids", steps.Select(s => s.Step.After.Allocation.AllocationId).ToArray());
            intervals.Parameters.AddWithValue("numbers", steps.Select(s => s.Step.Interval).ToArray());
            intervals.Parameters.AddWithValue("starts", steps.Select(s => s.Step.Start).ToArray());
            intervals.Parameters.AddWithValue("ends", steps.Select(s => s.Step.End).ToArray());
            intervals.Parameters.AddWithValue("readings", steps.Select(s => s.Step.ReadingSequence).ToArray());
            intervals.Parameters.AddWithValue("delivered", steps.Select(s => s.Step.Delivered).ToArray());
            intervals.Parameters.AddWithValue("requests", steps.Select(s => s.Step.Requests).ToArray());
            intervals.Parameters.AddWithValue("met", steps.Select(s => s.Step.RequestsMeetingSlo).ToArray());
            intervals.Parameters.AddWithValue("credits", steps.Select(s => s.Step.CreditPercent).ToArray());
            intervals.Parameters.AddWithValue("closes", steps.Select(s => s.Step.Closes).ToArray());
            intervals.Parameters.AddWithValue("charged", steps.Select(s => s.Step.Charged).ToArray());
            intervals.Parameters.AddWithValue("credited", steps.Select(s => s.Step.Credited).ToArray());
            intervals.Parameters.AddWithValue("refunded", steps.Select(s => s.Step.Refunded).ToArray());
            intervals.Parameters.AddWithValue("receipts", steps.Select(s => s.Step.ReceiptSequence).ToArray());
            intervals.Parameters.AddWithValue("disputed", steps.Select(s => s.Step.Disputed).ToArray());
            await intervals.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var states = new NpgsqlCommand("""
            UPDATE settlement_allocations s SET settled_intervals = u.settled, reading_sequence = u.reading, input_tokens = u.input,
                cached_input_tokens = u.cached, output_tokens = u.output, requests = u.requests, requests_meeting_slo = u.met, errors = u.errors, due_at = u.due,
                settled = u.charged, receipt_sequence = u.receipt, counted = u.counted, disputed = CASE WHEN u.closes THEN u.disputed ELSE 0 END, held = u.held
            FROM unnest(@ids, @settled, @readings, @input, @cached, @output, @requests, @met, @errors, @due, @charged, @receipts, @counted, @closes, @disputed,
                        @held)
                AS u (allocation_id, settled, reading, input, cached, output, requests, met, errors, due, charged, receipt, counted, closes, disputed, held)
            WHERE s.allocation_id = u.allocation_id
            """, connection, transaction);
        states.Parameters.AddWithValue("ids", steps.Select(s => s.Step.After.Allocation.AllocationId).ToArray());
        states.Parameters.AddWithValue("settled", steps.Select(s => s.Step.After.SettledIntervals).ToArray());
        states.Parameters.AddWithValue("readings", steps.Select(s => s.Step.After.ReadingSequence).ToArray());
        states.Parameters.AddWithValue("input", steps.Select(s => s.Step.After.Counters.InputTokens).ToArray());
        states.Parameters.AddWithValue("cached", steps.Select(s => s.Step.After.Counters.CachedInputTokens).ToArray());
        states.Parameters.AddWithValue("output", steps.Select(s => s.Step.After.Counters.OutputTokens).ToArray());
        states.Parameters.AddWithValue("requests", steps.Select(s => s.Step.After.Counters.Requests).ToArray());
        states.Parameters.AddWithValue("met", steps.Select(s => s.Step.After.Counters.RequestsMeetingSlo).ToArray());
        states.Parameters.AddWithValue("errors", steps.Select(s => s.Step.After.Counters.Errors).ToArray());
        states.Parameters.AddWithValue("due", steps.Select(s => s.NextDue).ToArray());
        states.Parameters.AddWithValue("charged", steps.Select(s => s.Step.After.Settled).ToArray());
        states.Parameters.AddWithValue("receipts", steps.Select(s => s.Step.After.ReceiptSequence).ToArray());
        states.Parameters.AddWithValue("counted", steps.Select(s => s.Step.After.Counted).ToArray());
        states.Parameters.AddWithValue("closes", steps.Select(s => s.Step.Closes).ToArray());
        states.Parameters.AddWithValue("disputed", steps.Select(s => s.Step.Disputed).ToArray());
        states.Parameters.AddWithValue("held", steps.Select(s => HeldSlice.Write(s.Step.After.Held)).ToArray());
        await states.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
