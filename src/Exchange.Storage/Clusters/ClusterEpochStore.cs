using Npgsql;

namespace Exchange.Storage.Clusters;

/// <summary>Hands out cluster epochs: each cluster grain activation takes the next one before it reads its cluster's orders.</summary>
public sealed class ClusterEpochStore(NpgsqlDataSource dataSource)
{
    // One statement, so its row lock is held only until its own commit: batches checking the old epoch wait for that
    // commit and then see the new epoch (migration 0015).
    private const string NextEpoch = """
        INSERT INTO cluster_epochs (cluster_id, epoch) VALUES (@cluster_id, 1)
        ON CONFLICT (cluster_id) DO UPDATE SET epoch = cluster_epochs.epoch + 1
        RETURNING epoch
        """;

    /// <summary>Makes a new epoch current for the cluster and returns it; sells reserved under any earlier one are refused from now on.</summary>
    public async Task<long> BeginEpochAsync(string clusterId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(NextEpoch);
        command.Parameters.AddWithValue("cluster_id", clusterId);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
