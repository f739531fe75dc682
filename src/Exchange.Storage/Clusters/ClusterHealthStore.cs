using Exchange.Markets.Clusters;
using Exchange.Storage.Metering;
using Npgsql;

namespace Exchange.Storage.Clusters;

/// <summary>One journaled change of a cluster's status: its place in the cluster's history, when, to what, why and by whom.</summary>
public sealed record HealthChange(long Sequence, DateTimeOffset At, ClusterStatus Status, HealthCause Cause, string? Reason, string? DeclaredBy);

/// <summary>
/// The journal of cluster health in PostgreSQL (migration 0029), the home of a cluster's status. A failure is written
/// under the cluster's meter lock, the one its reading batches take (<see cref="MeterReadingStore"/>): a batch stored
/// before it committed is the last the meter accepts, and every batch after it finds the failure and is refused.
/// </summary>
public sealed class ClusterHealthStore(NpgsqlDataSource dataSource)
{
    /// <summary>The cluster's newest changes, newest first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<HealthChange>> RecentAsync(string clusterId, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT sequence, at, status, cause, reason, declared_by FROM cluster_health
            WHERE cluster_id = @cluster ORDER BY sequence DESC LIMIT @limit
            """);
        command.Parameters.AddWithValue("cluster", clusterId);
        command.Parameters.AddWithValue("limit", limit);
        var changes = new List<HealthChange>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            changes.Add(new HealthChange(
                reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), Enum.Parse<ClusterStatus>(reader.GetString(2)),
                Enum.Parse<HealthCause>(reader.GetString(3)), reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
        }

        return changes;
    }

    /// <summary>
    /// Journals <paramref name="change"/> as the cluster's next; false when its sequence is taken (another activation wrote
    /// first, and the caller must read the history again) or the cluster has failed already.
    /// </summary>
    public async Task<bool> AppendAsync(string clusterId, HealthChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
        if (change.Status == ClusterStatus.Failed)
        {
            await MeterReadingStore.LockClusterAsync(connection, transaction, clusterId, cancellationToken).ConfigureAwait(false);
        }

        await using var insert = new NpgsqlCommand("""
            INSERT INTO cluster_health (cluster_id, sequence, at, status, cause, reason, declared_by)
            SELECT @cluster, @sequence, @at, @status, @cause, @reason, @by
            WHERE NOT EXISTS (SELECT 1 FROM cluster_health WHERE cluster_id = @cluster AND status = 'Failed')
            ON CONFLICT DO NOTHING
            """, connection, transaction);
        insert.Parameters.AddWithValue("cluster", clusterId);
        insert.Parameters.AddWithValue("sequence", change.Sequence);
        insert.Parameters.AddWithValue("at", change.At);
        insert.Parameters.AddWithValue("status", change.Status.ToString());
        insert.Parameters.AddWithValue("cause", change.Cause.ToString());
        insert.Parameters.AddWithValue("reason", (object?)change.Reason ?? DBNull.Value);
        insert.Parameters.AddWithValue("by", (object?)change.DeclaredBy ?? DBNull.Value);
        var written = await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return written;
    }

    /// <summary>When the cluster's newest accepted reading batch arrived, or null when it sent none.</summary>
    public async Task<DateTimeOffset?> LastReadingAsync(string clusterId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT received_at FROM meter_batches WHERE cluster_id = @cluster ORDER BY batch_id DESC LIMIT 1");
        command.Parameters.AddWithValue("cluster", clusterId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is DateTime at
            ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc))
            : null;
    }
}
