using System.Runtime.CompilerServices;
using Npgsql;

namespace Exchange.Storage.Regulator;

/// <summary>The exchange's signing key and the signed checkpoints of the allocation ledger.</summary>
public sealed class CheckpointStore(NpgsqlDataSource dataSource)
{
    /// <summary>The oldest stored signing key, storing <paramref name="candidate"/> first when there is none (the first silo to ask wins).</summary>
    public async Task<SigningKeyRow> EnsureKeyAsync(SigningKeyRow candidate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        await using var command = dataSource.CreateCommand("""
            INSERT INTO exchange_signing_keys (key_id, algorithm, public_key, private_key)
            SELECT @id, @algorithm, @public, @private WHERE NOT EXISTS (SELECT 1 FROM exchange_signing_keys)
            ON CONFLICT DO NOTHING;
            SELECT key_id, algorithm, public_key, private_key FROM exchange_signing_keys ORDER BY created_at, key_id LIMIT 1;
            """);
        command.Parameters.AddWithValue("id", candidate.KeyId);
        command.Parameters.AddWithValue("algorithm", candidate.Algorithm);
        command.Parameters.AddWithValue("public", candidate.PublicKey);
        command.Parameters.AddWithValue("private", candidate.PrivateKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new SigningKeyRow(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<byte[]>(2), reader.GetFieldValue<byte[]>(3));
    }

    /// <summary>
    /// Each market's chain head where it moved past the market's latest checkpoint. Markets are walked through the
    /// ledger's primary key one at a time (a loose index scan), so the cost grows with markets, not allocations.
    /// </summary>
    public async IAsyncEnumerable<(string MarketId, long Sequence, byte[] Hash)> HeadsToCheckpointAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            WITH RECURSIVE markets AS (
                (SELECT market_id FROM allocations ORDER BY market_id LIMIT 1)
                UNION ALL
                SELECT (SELECT a.market_id FROM allocations a WHERE a.market_id > m.market_id ORDER BY a.market_id LIMIT 1)
                FROM markets m WHERE m.market_id IS NOT NULL)
            SELECT m.market_id, head.sequence, head.hash
            FROM markets m
            CROSS JOIN LATERAL (SELECT sequence, hash FROM allocations a WHERE a.market_id = m.market_id ORDER BY sequence DESC LIMIT 1) head
            WHERE m.market_id IS NOT NULL
              AND head.sequence > coalesce((SELECT max(c.sequence) FROM ledger_checkpoints c WHERE c.market_id = m.market_id), 0)
            """);
        command.CommandTimeout = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return (reader.GetString(0), reader.GetInt64(1), reader.GetFieldValue<byte[]>(2));
        }
    }

    /// <summary>Stores a checkpoint; one another silo already stored for the same head is kept.</summary>
    public async Task SaveAsync(Checkpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        await using var command = dataSource.CreateCommand("""
            INSERT INTO ledger_checkpoints (market_id, sequence, head_hash, signed_at, key_id, signature)
            VALUES (@market, @sequence, @hash, @signed, @key, @signature)
            ON CONFLICT (market_id, sequence) DO NOTHING
            """);
        command.Parameters.AddWithValue("market", checkpoint.MarketId);
        command.Parameters.AddWithValue("sequence", checkpoint.Sequence);
        command.Parameters.AddWithValue("hash", checkpoint.HeadHash);
        command.Parameters.AddWithValue("signed", checkpoint.SignedAt.UtcDateTime);
        command.Parameters.AddWithValue("key", checkpoint.KeyId);
        command.Parameters.AddWithValue("signature", checkpoint.Signature);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Checkpoints (of one market, or all), by market then sequence, after (market, sequence); at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<Checkpoint>> ReadAsync(string? marketId, (string MarketId, long Sequence)? after, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand();
        var where = "TRUE";
        if (marketId is not null)
        {
            where += " AND market_id = @market";
            command.Parameters.AddWithValue("market", marketId);
        }

        if (after is { } cursor)
        {
            where += " AND (market_id, sequence) > (@afterMarket, @afterSequence)";
            command.Parameters.AddWithValue("afterMarket", cursor.MarketId);
            command.Parameters.AddWithValue("afterSequence", cursor.Sequence);
        }

        command.CommandText = $"""
            SELECT market_id, sequence, head_hash, signed_at, key_id, signature FROM ledger_checkpoints
            WHERE {where} ORDER BY market_id, sequence LIMIT @limit
            """;
        command.Parameters.AddWithValue("limit", limit);
        var rows = new List<Checkpoint>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new Checkpoint(reader.GetString(0), reader.GetInt64(1), reader.GetFieldValue<byte[]>(2),
                reader.GetFieldValue<DateTimeOffset>(3), reader.GetString(4), reader.GetFieldValue<byte[]>(5)));
        }

        return rows;
    }
}
