using Exchange.Markets;
using Exchange.Markets.Settlement;
using Npgsql;

namespace Exchange.Storage.Settlement;

/// <summary>
/// One settled interval of an allocation: its delivery, what it charged (fee included) and credited, its requests, and
/// the token-equivalents metered but held back by the buyer's receipts at its end.
/// </summary>
public sealed record IntervalDelivery(
    int Interval, DateTimeOffset Start, DateTimeOffset End, long Delivered, decimal Charged, decimal Credited, decimal Refunded, long Requests,
    long RequestsMeetingSlo, long Disputed);

/// <summary>
/// An allocation's delivery as the ledger and the meter see it: token-equivalents metered so far (never past the
/// quantity), the money charged, credited and refunded (a dispute's outcome included), whether settlement has funded and
/// closed it, its intervals and its dispute, if one was opened at close.
/// </summary>
public sealed record AllocationDelivery(
    long Delivered, decimal Charged, decimal Credited, decimal Refunded, bool Funded, bool Closed, IReadOnlyList<IntervalDelivery> Intervals,
    StoredDispute? Dispute = null)
{
    /// <summary>Token-equivalents its failed cluster did not deliver, moved to replacements or refunded by failover.</summary>
    public long Reallocated { get; init; }
}

/// <summary>Reads one allocation's delivery from settlement's tables, its transfers and its newest reading.</summary>
public sealed class DeliveryQueries(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// The delivery of <paramref name="allocation"/>; <paramref name="weights"/> values the newest reading until settlement
    /// has pinned the model's weights for it (when it is funded).
    /// </summary>
    public async Task<AllocationDelivery> ReadAsync(AllocationRecord allocation, TokenWeights weights, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(allocation);
        var id = allocation.AllocationId;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        var state = (await SettlementRows.StatesAsync(connection, transaction, [id], cancellationToken).ConfigureAwait(false)).SingleOrDefault();
        if (state is not null)
        {
            var pinned = await SettlementStore.PinnedAsync(connection, transaction, [state.FundedRun], cancellationToken).ConfigureAwait(false);
            weights = pinned[state.FundedRun].WeightsOf(state.Model);
        }

        var intervals = await IntervalsAsync(connection, transaction, id, cancellationToken).ConfigureAwait(false);
        var newest = await NewestCountersAsync(connection, transaction, id, cancellationToken).ConfigureAwait(false);
        var dispute = (await DisputeRows.ReadAsync(connection, transaction, [id], cancellationToken).ConfigureAwait(false)).GetValueOrDefault(id);
        return new AllocationDelivery(Math.Min(allocation.Quantity, weights.Delivered(newest)), intervals.Sum(i => i.Charged) + (dispute?.Charged ?? 0),
            intervals.Sum(i => i.Credited) + (dispute?.Credited ?? 0), intervals.Sum(i => i.Refunded) + (dispute?.Refunded ?? 0), state is not null, state is not null && state.Closed,
            intervals, dispute) { Reallocated = state?.State.Allocation.Reallocated ?? 0 };
    }

    private static async Task<List<IntervalDelivery>> IntervalsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string id, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT interval_no, starts_at, ends_at, delivered, requests, requests_meeting_slo, charged, credited, refunded, disputed
            FROM settlement_intervals WHERE allocation_id = @id ORDER BY interval_no
            """, connection, transaction);
        command.Parameters.AddWithValue("id", id);
        var intervals = new List<IntervalDelivery>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            intervals.Add(new IntervalDelivery(reader.GetInt32(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<DateTimeOffset>(2),
                reader.GetInt64(3), Money.Normalize(reader.GetDecimal(6)), Money.Normalize(reader.GetDecimal(7)), Money.Normalize(reader.GetDecimal(8)),
                reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(9)));
        }

        return intervals;
    }

    private static async Task<MeterCounters> NewestCountersAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string id, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT input_tokens, cached_input_tokens, output_tokens, requests, requests_meeting_slo, errors
            FROM meter_readings WHERE allocation_id = @id ORDER BY sequence DESC LIMIT 1
            """, connection, transaction);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? Metering.StoredReadings.Counters(reader, 0)
            : MeterCounters.Zero;
    }
}
