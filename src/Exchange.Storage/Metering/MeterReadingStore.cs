using Exchange.Markets;
using Exchange.Markets.Settlement;
using Npgsql;
using NpgsqlTypes;

namespace Exchange.Storage.Metering;

/// <summary>A signed batch as received: the cluster, the key that verified it, the exact body, its signature and the readings parsed from it.</summary>
public sealed record MeterSubmission(string ClusterId, string KeyId, ReadOnlyMemory<byte> Body, string Signature, IReadOnlyList<MeterReading> Readings);

/// <summary>
/// Signed reading batches and their readings in PostgreSQL. A batch is stored in one transaction with the readings
/// taken from it, or not at all; the key (allocation, sequence) refuses a second reading under a sequence, so two
/// writers racing with the same reading store it once. Whoever calls must have checked the batch (ReadingBatch) against
/// what is stored, one writer per cluster at a time: <see cref="SubmitAsync"/> does both.
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
        var batchId = await InsertAsync(connection, transaction, new MeterSubmission(clusterId, keyId, body, signature, readings), readings, cancellationToken)
            .ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return batchId;
    }

    /// <summary>
    /// Checks a verified batch against what is stored and stores what it adds, as one writer for its cluster: the
    /// cluster's batches take a transaction-scoped lock, so two batches of one cluster cannot both pass the check
    /// against the same stored readings, on any silo. A refused batch stores nothing; a batch of duplicates only is
    /// answered without storing it again.
    /// </summary>
    public async Task<ReadingVerdict> SubmitAsync(
        MeterSubmission submission, Func<string, TokenWeights?> weightsOf, DateTimeOffset now, TimeSpan grace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(weightsOf);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
        // Read committed, pinned: the failure check must see what committed while the lock was awaited (LockClusterAsync).
        if (await LockClusterAsync(connection, transaction, submission.ClusterId, cancellationToken).ConfigureAwait(false))
        {
            // The meter is fenced at its last accepted reading: the batch is refused, and kept as the evidence it is.
            await KeepRefusedAsync(connection, transaction, submission, RejectCode.ClusterFailed, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return new ReadingVerdict([], 0, new ReadingRefusal(0, RejectCode.ClusterFailed,
                $"Cluster '{submission.ClusterId}' has failed; its meter takes no reading after its last accepted one. The batch is kept as received."));
        }

        var ids = submission.Readings.Select(r => r.AllocationId).Distinct(StringComparer.Ordinal).ToArray();
        var allocations = await AllocationsAsync(connection, transaction, ids, weightsOf, cancellationToken).ConfigureAwait(false);
        var stored = await NeighboursAsync(connection, transaction, submission.Readings, cancellationToken).ConfigureAwait(false);
        var verdict = ReadingBatch.Check(submission.ClusterId, submission.Readings, id => allocations.GetValueOrDefault(id),
            id => stored.TryGetValue(id, out var readings) ? [.. readings] : [], now, grace);
        if (verdict.Refusal is null && verdict.Accepted.Count > 0)
        {
            await InsertAsync(connection, transaction, submission, verdict.Accepted, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        return verdict;
    }

    /// <summary>
    /// Takes the cluster's meter lock for the rest of the transaction (its batches, and its failure, take turns under it)
    /// and says whether the cluster has failed, as seen once the lock is held.
    /// </summary>
    public static async Task<bool> LockClusterAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string clusterId, CancellationToken cancellationToken)
    {
        // One round trip; each statement of a batch reads its own snapshot, so the second sees a failure committed while the first waited.
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock(hashtextextended('meter:' || $1, 0))") { Parameters = { new() { Value = clusterId } } },
                new NpgsqlBatchCommand("SELECT EXISTS (SELECT 1 FROM cluster_health WHERE cluster_id = $1 AND status = 'Failed')")
                {
                    Parameters = { new() { Value = clusterId } },
                },
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return reader.GetBoolean(0);
    }

    private static async Task KeepRefusedAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, MeterSubmission submission, RejectCode code, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO meter_refused_batches (cluster_id, key_id, body, signature, code) VALUES (@cluster, @key, @body, @signature, @code)
            """, connection, transaction);
        command.Parameters.AddWithValue("cluster", submission.ClusterId);
        command.Parameters.AddWithValue("key", submission.KeyId);
        command.Parameters.Add(new NpgsqlParameter<ReadOnlyMemory<byte>>("body", NpgsqlDbType.Bytea) { TypedValue = submission.Body });
        command.Parameters.AddWithValue("signature", submission.Signature);
        command.Parameters.AddWithValue("code", code.WireName());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    // What the batch check needs of an allocation's stored readings: those at the batch's sequences and between them,
    // and the nearest one on either side. Loading them all would cost a batch more the longer the allocation delivers.
    private static async Task<Dictionary<string, List<MeterReading>>> NeighboursAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<MeterReading> batch, CancellationToken cancellationToken)
    {
        var spans = batch.GroupBy(r => r.AllocationId, StringComparer.Ordinal)
            .Select(g => (Id: g.Key, From: g.Min(r => r.Sequence), To: g.Max(r => r.Sequence))).ToArray();
        await using var command = new NpgsqlCommand($"""
            SELECT r.* FROM unnest(@ids, @froms, @tos) AS s(id, lo, hi)
            CROSS JOIN LATERAL (
                (SELECT {ReadingColumns} FROM meter_readings WHERE allocation_id = s.id AND sequence BETWEEN s.lo AND s.hi)
                UNION ALL
                (SELECT {ReadingColumns} FROM meter_readings WHERE allocation_id = s.id AND sequence < s.lo ORDER BY sequence DESC LIMIT 1)
                UNION ALL
                (SELECT {ReadingColumns} FROM meter_readings WHERE allocation_id = s.id AND sequence > s.hi ORDER BY sequence LIMIT 1)) AS r
            """, connection, transaction);
        command.Parameters.AddWithValue("ids", spans.Select(s => s.Id).ToArray());
        command.Parameters.AddWithValue("froms", spans.Select(s => s.From).ToArray());
        command.Parameters.AddWithValue("tos", spans.Select(s => s.To).ToArray());
        return await CollectAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<long> InsertAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, MeterSubmission submission, IReadOnlyList<MeterReading> readings, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlCommand("""
            INSERT INTO meter_batches (cluster_id, key_id, body, signature) VALUES (@cluster, @key, @body, @signature) RETURNING batch_id
            """, connection, transaction);
        batch.Parameters.AddWithValue("cluster", submission.ClusterId);
        batch.Parameters.AddWithValue("key", submission.KeyId);
        batch.Parameters.Add(new NpgsqlParameter<ReadOnlyMemory<byte>>("body", NpgsqlDbType.Bytea) { TypedValue = submission.Body });
        batch.Parameters.AddWithValue("signature", submission.Signature);
        var batchId = (long)(await batch.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        if (readings.Count == 0)
        {
            return batchId;
        }

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
        return batchId;
    }

    // Allocation ids carry their market and chain sequence, the ledger's key.
    internal static async Task<Dictionary<string, MeteredAllocation>> AllocationsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<string> ids, Func<string, TokenWeights?> weightsOf, CancellationToken cancellationToken)
    {
        var markets = new List<string>(ids.Count);
        var sequences = new List<long>(ids.Count);
        foreach (var id in ids)
        {
            if (AllocationIds.TryParse(id, out var market, out var sequence))
            {
                markets.Add(market);
                sequences.Add(sequence);
            }
        }

        await using var command = new NpgsqlCommand("""
            SELECT a.allocation_id, a.cluster_id, a.quantity, a.period_start, a.period_end, a.model
            FROM unnest(@markets, @sequences) AS k(market_id, sequence)
            JOIN allocations a ON a.market_id = k.market_id AND a.sequence = k.sequence
            """, connection, transaction);
        command.Parameters.AddWithValue("markets", markets.ToArray());
        command.Parameters.AddWithValue("sequences", sequences.ToArray());
        var found = new Dictionary<string, MeteredAllocation>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (weightsOf(reader.GetString(5)) is { } weights)
                {
                    found[reader.GetString(0)] = new MeteredAllocation(reader.GetString(0), reader.GetString(1), reader.GetInt64(2),
                        reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4), weights);
                }
            }
        }

        // Settlement's rows of these allocations, share-locked: a run settling one of them holds its row for update from
        // before it reads the readings until it commits, so a batch either waits and sees the allocation closed (or its
        // last interval settled and a dispute open), or is stored before the run reads, and every stored reading is one
        // settlement still pays.
        await using var closed = new NpgsqlCommand(
            "SELECT allocation_id, due_at IS NULL OR disputed > 0 FROM settlement_allocations WHERE allocation_id = ANY(@ids) ORDER BY allocation_id FOR SHARE",
            connection, transaction);
        closed.Parameters.AddWithValue("ids", found.Keys.ToArray());
        await using (var reader = await closed.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (reader.GetBoolean(1))
                {
                    found[reader.GetString(0)] = found[reader.GetString(0)] with { Closed = true };
                }
            }
        }

        return found;
    }

    /// <summary>The stored readings of these allocations, by allocation, in sequence order.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<MeterReading>>> ReadAsync(IReadOnlyCollection<string> allocationIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(allocationIds);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var readings = await ReadAsync(connection, null, [.. allocationIds], cancellationToken).ConfigureAwait(false);
        return readings.ToDictionary(r => r.Key, r => (IReadOnlyList<MeterReading>)r.Value, StringComparer.Ordinal);
    }

    private static async Task<Dictionary<string, List<MeterReading>>> ReadAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyList<string> allocationIds, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"""
            SELECT {ReadingColumns} FROM meter_readings WHERE allocation_id = ANY(@allocations) ORDER BY allocation_id, sequence
            """, connection, transaction);
        command.Parameters.AddWithValue("allocations", allocationIds.ToArray());
        return await CollectAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private const string ReadingColumns = StoredReadings.Columns;

    private static async Task<Dictionary<string, List<MeterReading>>> CollectAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var readings = new Dictionary<string, List<MeterReading>>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var reading = StoredReadings.Read(reader);
            if (!readings.TryGetValue(reading.AllocationId, out var list))
            {
                readings[reading.AllocationId] = list = [];
            }

            list.Add(reading);
        }

        return readings;
    }

    /// <summary>A reading's time as the store keeps it (microseconds), so a reading compares equal to its stored self.</summary>
    public static DateTimeOffset Stored(DateTimeOffset at) =>
        DateTimeOffset.UnixEpoch.AddTicks(AllocationHasher.UnixMicroseconds(at) * 10).ToOffset(TimeSpan.Zero);
}
