using Exchange.Markets;
using Exchange.Markets.Settlement;
using Npgsql;

namespace Exchange.Storage.Settlement;

/// <summary>A dispute as settlement_disputes keeps it: what was held at close, until when, and how it ended (no outcome while open).</summary>
public sealed record StoredDispute(
    string AllocationId, long Disputed, DateTimeOffset StartsAt, DateTimeOffset DueAt, string? Outcome, long? Awarded, string? ResolvedBy, string? Reason,
    DateTimeOffset? EndedAt, decimal Charged, decimal Refunded, decimal Credited = 0m)
{
    public const string Resolved = "resolved";

    public const string Expired = "expired";

    public bool Open => Outcome is null;
}

/// <summary>One dispute ending: the allocation, the outcome, the token-equivalents awarded to the provider and what that moved.</summary>
public sealed record DisputeEnd(
    string AllocationId, string Outcome, long Awarded, string? ResolvedBy, string? Reason, decimal Charged, decimal Refunded, decimal Credited)
{
    /// <summary>How these transfers end the dispute of <paramref name="allocationId"/>.</summary>
    public static DisputeEnd Of(string allocationId, string outcome, long awarded, string? resolvedBy, string? reason, IReadOnlyList<Transfer> transfers)
    {
        ArgumentNullException.ThrowIfNull(transfers);
        decimal Sum(params TransferKind[] kinds) => transfers.Where(t => kinds.Contains(t.Kind)).Sum(t => t.Amount);
        return new(allocationId, outcome, awarded, resolvedBy, reason, Sum(TransferKind.Charge, TransferKind.Fee), Sum(TransferKind.Dispute),
            Sum(TransferKind.SloCredit));
    }
}

/// <summary>The SQL of settlement_disputes: opened by the run that closes an allocation, ended by an operator or by a later run.</summary>
internal static class DisputeRows
{
    private const string Columns = "allocation_id, disputed, starts_at, due_at, outcome, awarded, resolved_by, reason, ended_at, charged, refunded, credited";

    public static async Task OpenAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long runId, IReadOnlyList<(string AllocationId, long Disputed, DateTimeOffset StartsAt, DateTimeOffset DueAt)> opened,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO settlement_disputes (allocation_id, opened_run, disputed, starts_at, due_at)
            SELECT d.id, @run, d.disputed, d.starts_at, d.due_at FROM unnest(@ids, @disputed, @starts, @due) AS d (id, disputed, starts_at, due_at)
            """, connection, transaction);
        command.Parameters.AddWithValue("run", runId);
        command.Parameters.AddWithValue("ids", opened.Select(o => o.AllocationId).ToArray());
        command.Parameters.AddWithValue("disputed", opened.Select(o => o.Disputed).ToArray());
        command.Parameters.AddWithValue("starts", opened.Select(o => o.StartsAt).ToArray());
        command.Parameters.AddWithValue("due", opened.Select(o => o.DueAt).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records how these disputes ended and closes their allocations.</summary>
    public static async Task EndAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<DisputeEnd> ends, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using (var disputes = new NpgsqlCommand("""
            UPDATE settlement_disputes d SET outcome = e.outcome, awarded = e.awarded, resolved_by = e.by, reason = e.reason, ended_at = @at,
                charged = e.charged, refunded = e.refunded, credited = e.credited
            FROM unnest(@ids, @outcomes, @awarded, @by, @reasons, @charged, @refunded, @credited)
                AS e (id, outcome, awarded, by, reason, charged, refunded, credited)
            WHERE d.allocation_id = e.id AND d.outcome IS NULL
            """, connection, transaction))
        {
            disputes.Parameters.AddWithValue("at", at);
            disputes.Parameters.AddWithValue("ids", ends.Select(e => e.AllocationId).ToArray());
            disputes.Parameters.AddWithValue("outcomes", ends.Select(e => e.Outcome).ToArray());
            disputes.Parameters.AddWithValue("awarded", ends.Select(e => e.Awarded).ToArray());
            disputes.Parameters.AddWithValue("by", ends.Select(e => e.ResolvedBy).ToArray());
            disputes.Parameters.AddWithValue("reasons", ends.Select(e => e.Reason).ToArray());
            disputes.Parameters.AddWithValue("charged", ends.Select(e => e.Charged).ToArray());
            disputes.Parameters.AddWithValue("refunded", ends.Select(e => e.Refunded).ToArray());
            disputes.Parameters.AddWithValue("credited", ends.Select(e => e.Credited).ToArray());
            if (await disputes.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != ends.Count)
            {
                throw new InvalidOperationException("A dispute ended that was not open.");
            }
        }

        await using var allocations = new NpgsqlCommand(
            "UPDATE settlement_allocations SET due_at = NULL WHERE allocation_id = ANY(@ids)", connection, transaction);
        allocations.Parameters.AddWithValue("ids", ends.Select(e => e.AllocationId).ToArray());
        await allocations.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>These allocations' disputes (every one when null), by allocation.</summary>
    public static async Task<Dictionary<string, StoredDispute>> ReadAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string[]? allocationIds, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT {Columns} FROM settlement_disputes{(allocationIds is null ? "" : " WHERE allocation_id = ANY(@ids)")}", connection, transaction);
        if (allocationIds is not null)
        {
            command.Parameters.AddWithValue("ids", allocationIds);
        }

        var disputes = new Dictionary<string, StoredDispute>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            disputes[reader.GetString(0)] = new StoredDispute(
                reader.GetString(0), reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<DateTimeOffset>(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetInt64(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8),
                Money.Normalize(reader.GetDecimal(9)), Money.Normalize(reader.GetDecimal(10)), Money.Normalize(reader.GetDecimal(11)));
        }

        return disputes;
    }
}
