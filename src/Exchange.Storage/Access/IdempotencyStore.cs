using Npgsql;

namespace Exchange.Storage.Access;

/// <summary>What an Idempotency-Key was first used for: the operation, a fingerprint of its request and the resource it created.</summary>
public sealed record IdempotencyRecord(string Operation, byte[] Fingerprint, string ResourceId);

/// <summary>Idempotency keys of creating requests, per tenant.</summary>
public sealed class IdempotencyStore(NpgsqlDataSource dataSource)
{
    /// <summary>The first use of this key by this tenant, or null.</summary>
    public async Task<IdempotencyRecord?> FindAsync(string tenantId, string key, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT operation, fingerprint, resource_id FROM idempotency_keys WHERE tenant_id = @tenant AND idempotency_key = @key");
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("key", key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new IdempotencyRecord(reader.GetString(0), reader.GetFieldValue<byte[]>(1), reader.GetString(2))
            : null;
    }

    /// <summary>Records a key's first use; a concurrent first use that got there earlier wins and is returned.</summary>
    public async Task<IdempotencyRecord> RecordAsync(string tenantId, string key, IdempotencyRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var command = dataSource.CreateCommand("""
            INSERT INTO idempotency_keys (tenant_id, idempotency_key, operation, fingerprint, resource_id)
            VALUES (@tenant, @key, @operation, @fingerprint, @resource)
            ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
            """);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("operation", record.Operation);
        command.Parameters.AddWithValue("fingerprint", record.Fingerprint);
        command.Parameters.AddWithValue("resource", record.ResourceId);
        var inserted = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return inserted == 1 ? record : await FindAsync(tenantId, key, cancellationToken).ConfigureAwait(false) ?? record;
    }
}
