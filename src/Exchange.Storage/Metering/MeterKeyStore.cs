using Npgsql;

namespace Exchange.Storage.Metering;

/// <summary>A cluster's meter key as stored: its fingerprint, its PEM and when it was registered.</summary>
public sealed record MeterKeyRow(string ClusterId, string KeyId, string PublicKey, DateTimeOffset RegisteredAt);

/// <summary>Meter keys in PostgreSQL; every key a cluster ever registered stays, the newest one signs new batches.</summary>
public sealed class MeterKeyStore(NpgsqlDataSource dataSource)
{
    /// <summary>Registers the key (or finds it, when the cluster registered it before) and makes it the newest.</summary>
    public async Task<MeterKeyRow> RegisterAsync(string clusterId, string keyId, string publicKey, CancellationToken cancellationToken)
    {
        // Registering an older key again makes it current again: the provider asked for it to sign from now on.
        await using var command = dataSource.CreateCommand("""
            INSERT INTO meter_keys (cluster_id, key_id, public_key) VALUES (@cluster, @key, @pem)
            ON CONFLICT (cluster_id, key_id) DO UPDATE
                SET registration = DEFAULT, registered_at = clock_timestamp()
            RETURNING cluster_id, key_id, public_key, registered_at
            """);
        command.Parameters.AddWithValue("cluster", clusterId);
        command.Parameters.AddWithValue("key", keyId);
        command.Parameters.AddWithValue("pem", publicKey);
        return (await ReadAsync(command, cancellationToken).ConfigureAwait(false))[0];
    }

    /// <summary>The key new batches of the cluster must be signed with, or null when it has none.</summary>
    public async Task<MeterKeyRow?> NewestAsync(string clusterId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT cluster_id, key_id, public_key, registered_at FROM meter_keys
            WHERE cluster_id = @cluster ORDER BY registration DESC LIMIT 1
            """);
        command.Parameters.AddWithValue("cluster", clusterId);
        var rows = await ReadAsync(command, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    private static async Task<List<MeterKeyRow>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<MeterKeyRow>(1);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new MeterKeyRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3)));
        }

        return rows;
    }
}
