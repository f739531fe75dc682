using Exchange.Markets;
using Exchange.Storage.Ledger;
using Npgsql;

namespace Exchange.Storage.Regulator;

/// <summary>A chain head a regulator kept: the chain of its market must still pass through it.</summary>
public sealed record KeptHead(long Sequence, byte[] Hash);

/// <summary>
/// Recomputes every market's allocation hash chain from the stored rows: sequences dense from 1, each row's
/// prevHash equal to the hash before it, each hash equal to SHA-256 over prevHash and the row's canonical bytes, each
/// notional equal to quantity × price, and the chain passing through every signed checkpoint (and one a regulator
/// kept), so even a history rewritten with every later hash recomputed is caught. Streams the ledger with its
/// checkpoints joined in, in one statement (one snapshot), so memory stays flat however many there are.
/// </summary>
public sealed class ChainVerifier(NpgsqlDataSource dataSource)
{
    // The stored notional is not hashed (the hash covers quantity and price, which fix it): checked against them instead,
    // by multiplying, since PostgreSQL's numeric division may round.
    private const string ExactNotional = "notional * 1000000000000 = quantity::numeric * price_micros";

    /// <summary>Verifies one market's chain, or every market's when <paramref name="marketId"/> is null; stops at the first break.</summary>
    public async Task<ChainVerification> VerifyAsync(string? marketId, KeptHead? kept, CancellationToken cancellationToken)
    {
        var only = marketId is null ? "" : "WHERE market_id = @market";
        await using var command = dataSource.CreateCommand($"""
            SELECT al.*, c.head_hash, f.signed
            FROM (SELECT {AllocationQueries.Columns}, {ExactNotional} FROM allocations {only}) AS al
            LEFT JOIN ledger_checkpoints AS c ON c.market_id = al.market_id AND c.sequence = al.sequence
            LEFT JOIN (SELECT market_id, max(sequence) AS signed FROM ledger_checkpoints {only} GROUP BY market_id) AS f ON f.market_id = al.market_id
            ORDER BY al.market_id, al.sequence
            """);
        if (marketId is not null)
        {
            command.Parameters.AddWithValue("market", marketId);
        }

        command.CommandTimeout = 0;
        const int Exact = AllocationQueries.ColumnCount, Checkpoint = Exact + 1, Signed = Exact + 2;
        var market = "";
        var expected = 1L;
        var previous = AllocationHasher.Genesis.ToArray();
        long signedUpTo = 0, checkedRows = 0;
        var keptSeen = false;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var row = AllocationQueries.Map(reader);
                if (row.MarketId != market)
                {
                    if (Truncated(market, expected - 1) is { } cut)
                    {
                        return cut;
                    }

                    market = row.MarketId;
                    expected = 1;
                    previous = AllocationHasher.Genesis.ToArray();
                    signedUpTo = reader.IsDBNull(Signed) ? 0 : reader.GetInt64(Signed);
                    keptSeen |= market == marketId;
                }

                if (row.Sequence != expected)
                {
                    return ChainVerification.Broken(checkedRows, market, expected, $"allocation {expected} is missing (the next stored is {row.Sequence})");
                }

                if (!row.PrevHash.AsSpan().SequenceEqual(previous))
                {
                    return ChainVerification.Broken(checkedRows, market, row.Sequence, "its prevHash is not the hash of the allocation before it");
                }

                var hash = AllocationHasher.Hash(previous, row);
                if (!hash.AsSpan().SequenceEqual(row.Hash))
                {
                    return ChainVerification.Broken(checkedRows, market, row.Sequence, "its content does not match its hash (the row was altered)");
                }

                if (!reader.GetBoolean(Exact))
                {
                    return ChainVerification.Broken(checkedRows, market, row.Sequence, "its notional is not its quantity × price (the row was altered)");
                }

                var signedHead = reader.IsDBNull(Checkpoint) ? null : reader.GetFieldValue<byte[]>(Checkpoint);
                var keptHead = kept is not null && market == marketId && row.Sequence == kept.Sequence ? kept.Hash : null;
                if ((signedHead is not null && !signedHead.AsSpan().SequenceEqual(hash)) || (keptHead is not null && !keptHead.AsSpan().SequenceEqual(hash)))
                {
                    return ChainVerification.Broken(checkedRows, market, row.Sequence, "the chain does not pass through the signed checkpoint here (history was rewritten)");
                }

                previous = hash;
                expected++;
                checkedRows++;
            }
        }

        if (Truncated(market, expected - 1) is { } end)
        {
            return end;
        }

        var vanished = kept is not null && !keptSeen ? marketId : await VanishedAsync(marketId, cancellationToken).ConfigureAwait(false);
        return vanished is null
            ? ChainVerification.Intact(checkedRows)
            : ChainVerification.Broken(checkedRows, vanished, 1, "a checkpoint was signed for this market, but none of its allocations remain");

        ChainVerification? Truncated(string chain, long last)
        {
            var mustReach = Math.Max(signedUpTo, kept is not null && chain == marketId ? kept.Sequence : 0);
            return chain.Length > 0 && mustReach > last
                ? ChainVerification.Broken(checkedRows, chain, last + 1, $"allocations {last + 1} to {mustReach} are missing, though a checkpoint was signed at {mustReach}")
                : null;
        }
    }

    // A market with a signed checkpoint and no allocation left at all: the scan above never meets it.
    private async Task<string?> VanishedAsync(string? marketId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT c.market_id FROM ledger_checkpoints AS c
            WHERE {(marketId is null ? "" : "c.market_id = @market AND ")}NOT EXISTS (SELECT 1 FROM allocations AS a WHERE a.market_id = c.market_id)
            ORDER BY c.market_id LIMIT 1
            """);
        if (marketId is not null)
        {
            command.Parameters.AddWithValue("market", marketId);
        }

        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }
}
