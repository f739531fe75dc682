using Exchange.Markets;
using Exchange.Markets.Settlement;
using Npgsql;
using NpgsqlTypes;

namespace Exchange.Storage.Metering;

/// <summary>
/// Signed reading batches and their readings in PostgreSQL. A batch is stored in one transaction with the readings
/// taken from it, or not at all; the key (allocation, sequence) refuses a second reading under a sequence, so two
/// writers racing with the same reading store it once. Whoever calls must have checked the batch (ReadingBatch) against
/// what <see cref="ReadAsync"/> returned, one writer per cluster at a time.
/// </summary>
public sealed class MeterReadingStore(NpgsqlDataSource dataSource)
{
    /// <summary>Stores the batch as received and the readings it adds; returns the batch's id.</summary>
    public async Task<long> AppendAsync(
        string clusterId, string keyId, ReadOnlyMemory<byte> body, string signature, IReadOnlyList<MeterReading> readings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readings);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlCommand("""
            INSERT INTO meter_batches (cluster_id, key_id, body, signature) VALUES (@cluster, @key, @body, @signature) RETURNING batch_id
            """, connection, transaction);
        batch.Parameters.AddWithValue("cluster", clusterId);
        batch.Parameters.AddWithValue("key", keyId);
        batch.Parameters.Add(new NpgsqlParameter<ReadOnlyMemory<byte>>("body", NpgsqlDbType.Bytea) { TypedValue = body });
        batch.Parameters.AddWithValue("signature", signature);
        var batchId = (long)(await batch.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;

        if (readings.Count > 0)
        {
            await using var insert = new NpgsqlCommand("""
                INSERT INTO meter_readings (allocation_id, sequence, batch_id, at, input_tokens, cached_input_tokens, output_tokens,
                                            requests, requests_meeting_slo, errors)
                SELECT a, s, @batch, t, i, c, o, r, m, e
                FROM unnest(@allocations, @sequences, @ats, @inputs, @cached, @outputs, @requests, @meeting, @errors) AS x(a, s, t, i, c, o, r, m, e)
                """, connection, transaction);
            insert.Parameters.AddWithValue("batch", batchId);
            insert.Parameters.AddWithValue("allocations", readings.Select(r => r.AllocationId).ToArray());
            insert.Parameters.AddWithValue("sequences", readings.Select(r => r.Sequence).ToArray());
            insert.Parameters.AddWithValue("ats", readings.Select(r => r.At.ToUniversalTime()).ToArray());
            insert.Parameters.AddWithValue("inputs", readings.Select(r => r.Counters.InputTokens).ToArray());
            insert.Parameters.AddWithValue("cached", readings.Select(r => r.Counters.CachedInputTokens).ToArray());
            insert.Parameters.AddWithValue("outputs", readings.Select(r => r.Counters.OutputTokens).ToArray());
            insert.Parameters.AddWithValue("requests", readings.Select(r => r.Counters.Requests).ToArray());
            insert.Parameters.AddWithValue("meeting", readings.Select(r => r.Counters.RequestsMeetingSlo).ToArray());
            insert.Parameters.AddWithValue("errors", readings.Select(r => r.Counters.Errors).ToArray());
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return batchId;
    }

    /// <summary>The stored readings of these allocations, by allocation, in sequence order.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<MeterReading>>> ReadAsync(IReadOnlyCollection<string> allocationIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(allocationIds);
        await using var command = dataSource.CreateCommand("""
            SELECT allocation_id, sequence, at, input_tokens, cached_input_tokens, output_tokens, requests, requests_meeting_slo, errors
            FROM meter_readings WHERE allocation_id = ANY(@allocations) ORDER BY allocation_id, sequence
            """);
        command.Parameters.AddWithValue("allocations", allocationIds.ToArray());
        var readings = new Dictionary<string, List<MeterReading>>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var reading = new MeterReading(reader.GetString(0), reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2),
                new MeterCounters(reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8)));
            if (!readings.TryGetValue(reading.AllocationId, out var list))
            {
                readings[reading.AllocationId] = list = [];
            }

            list.Add(reading);
        }

        return readings.ToDictionary(r => r.Key, r => (IReadOnlyList<MeterReading>)r.Value, StringComparer.Ordinal);
    }

    /// <summary>A reading's time as the store keeps it (microseconds), so a reading compares equal to its stored self.</summary>
    public static DateTimeOffset Stored(DateTimeOffset at) =>
        DateTimeOffset.UnixEpoch.AddTicks(AllocationHasher.UnixMicroseconds(at) * 10).ToOffset(TimeSpan.Zero);
}
