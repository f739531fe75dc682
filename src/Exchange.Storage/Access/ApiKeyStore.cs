using Npgsql;

namespace Exchange.Storage.Access;

/// <summary>API keys in PostgreSQL, stored as hashes.</summary>
public sealed class ApiKeyStore(NpgsqlDataSource dataSource)
{
    private const string Columns = "key_id, tenant_id, role, secret_hash, created_at, revoked_at";

    /// <summary>Stores a new key's hash and returns the stored row.</summary>
    public async Task<ApiKeyRow> CreateAsync(string keyId, string tenantId, string role, byte[] secretHash, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            INSERT INTO api_keys (key_id, tenant_id, role, secret_hash) VALUES (@key, @tenant, @role, @hash)
            RETURNING {Columns}
            """);
        command.Parameters.AddWithValue("key", keyId);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("role", role);
        command.Parameters.AddWithValue("hash", secretHash);
        return (await ReadAsync(command, cancellationToken).ConfigureAwait(false))[0];
    }

    /// <summary>The key with this id, revoked or not; null when there is none.</summary>
    public async Task<ApiKeyRow?> FindAsync(string keyId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM api_keys WHERE key_id = @key");
        command.Parameters.AddWithValue("key", keyId);
        var rows = await ReadAsync(command, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>Every key of a tenant, oldest first.</summary>
    public async Task<IReadOnlyList<ApiKeyRow>> ListAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM api_keys WHERE tenant_id = @tenant ORDER BY created_at, key_id");
        command.Parameters.AddWithValue("tenant", tenantId);
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Revokes a tenant's key (a second revocation keeps the first time); null when the tenant has no such key.</summary>
    public async Task<ApiKeyRow?> RevokeAsync(string tenantId, string keyId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            UPDATE api_keys SET revoked_at = coalesce(revoked_at, now())
            WHERE key_id = @key AND tenant_id = @tenant
            RETURNING {Columns}
            """);
        command.Parameters.AddWithValue("key", keyId);
        command.Parameters.AddWithValue("tenant", tenantId);
        var rows = await ReadAsync(command, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    private static async Task<List<ApiKeyRow>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<ApiKeyRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new ApiKeyRow(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<byte[]>(3),
                reader.GetFieldValue<DateTimeOffset>(4), reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5)));
        }

        return rows;
    }
}
