using Exchange.Storage.Ledger;
using Npgsql;

namespace Exchange.Storage.Regulator;

/// <summary>
/// Recomputes every market's allocation hash chain from the stored rows: sequences dense from 1, each row's
/// prevHash equal to the hash before it, each hash equal to SHA-256 over prevHash and the row's canonical bytes.
/// Streams the ledger, so memory stays flat however many allocations there are.
/// </summary>
public sealed class ChainVerifier(NpgsqlDataSource dataSource)
{
    /// <summary>Verifies one market's chain, or every market's when <paramref name="marketId"/> is null; stops at the first break.</summary>
    public async Task<ChainVerification> VerifyAsync(string? marketId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {AllocationQueries.Columns} FROM allocations {(marketId is null ? "" : "WHERE market_id = @market")} ORDER BY market_id, sequence");
        if (marketId is not null)
        {
            command.Parameters.AddWithValue("market", marketId);
        }

        command.CommandTimeout = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var market = "";
        var expected = 1L;
        var previous = AllocationHasher.Genesis.ToArray();
        long checkedRows = 0;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var row = AllocationQueries.Map(reader);
            if (row.MarketId != market)
            {
                market = row.MarketId;
                expected = 1;
                previous = AllocationHasher.Genesis.ToArray();
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

            previous = hash;
            expected++;
            checkedRows++;
        }

        return ChainVerification.Intact(checkedRows);
    }
}
