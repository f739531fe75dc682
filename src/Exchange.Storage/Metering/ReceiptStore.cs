using Exchange.Markets.Settlement;
using Npgsql;

namespace Exchange.Storage.Metering;

/// <summary>
/// Buyers' receipts: their own cumulative counts of an allocation, checked by the rules of the provider's readings
/// (<see cref="ReadingBatch"/>) and stored in allocation_receipts, one writer per allocation at a time.
/// </summary>
public sealed class ReceiptStore(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Checks <paramref name="receipt"/> against the receipts stored for its allocation and stores it when new. Whoever
    /// calls has checked that the allocation is the caller's.
    /// </summary>
    public async Task<ReadingVerdict> SubmitAsync(
        MeterReading receipt, Func<string, TokenWeights?> weightsOf, DateTimeOffset now, TimeSpan grace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockAllocation = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended('receipt:' || @id, 0))", connection, transaction))
        {
            lockAllocation.Parameters.AddWithValue("id", receipt.AllocationId);
            await lockAllocation.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var allocations = await MeterReadingStore.AllocationsAsync(connection, transaction, [receipt.AllocationId], weightsOf, cancellationToken).ConfigureAwait(false);
        var stored = await StoredAsync(connection, transaction, receipt.AllocationId, cancellationToken).ConfigureAwait(false);
        var verdict = ReadingBatch.Check([receipt], id => allocations.GetValueOrDefault(id), _ => stored, now, grace);
        if (verdict.Refusal is null && verdict.Accepted.Count > 0)
        {
            await using var insert = new NpgsqlCommand("""
                INSERT INTO allocation_receipts (allocation_id, sequence, at, input_tokens, cached_input_tokens, output_tokens, requests, requests_meeting_slo)
                VALUES (@id, @sequence, @at, @input, @cached, @output, @requests, @met)
                """, connection, transaction);
            insert.Parameters.AddWithValue("id", receipt.AllocationId);
            insert.Parameters.AddWithValue("sequence", receipt.Sequence);
            insert.Parameters.AddWithValue("at", receipt.At.ToUniversalTime());
            insert.Parameters.AddWithValue("input", receipt.Counters.InputTokens);
            insert.Parameters.AddWithValue("cached", receipt.Counters.CachedInputTokens);
            insert.Parameters.AddWithValue("output", receipt.Counters.OutputTokens);
            insert.Parameters.AddWithValue("requests", receipt.Counters.Requests);
            insert.Parameters.AddWithValue("met", receipt.Counters.RequestsMeetingSlo);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        return verdict;
    }

    /// <summary>The receipts stored for an allocation, in sequence order.</summary>
    public async Task<IReadOnlyList<MeterReading>> ReadAsync(string allocationId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await StoredAsync(connection, null, allocationId, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<List<MeterReading>> StoredAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string allocationId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT allocation_id, sequence, at, input_tokens, cached_input_tokens, output_tokens, requests, requests_meeting_slo, 0::bigint
            FROM allocation_receipts WHERE allocation_id = @id ORDER BY sequence
            """, connection, transaction);
        command.Parameters.AddWithValue("id", allocationId);
        var receipts = new List<MeterReading>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            receipts.Add(StoredReadings.Read(reader));
        }

        return receipts;
    }
}
