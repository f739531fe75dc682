using Exchange.Storage.Ledger;
using Npgsql;

namespace Exchange.Storage.Regulator;

/// <summary>
/// Recomputes every market's allocation hash chain from the stored rows: sequences dense from 1, each row's
/// prevHash equal to the hash before it, each hash equal to SHA-256 over prevHash and the row's canonical bytes,
/// and the chain passing through every known head (signed checkpoints, or one a regulator kept), so even a history
/// rewritten with every later hash recomputed is caught. Streams the ledger, so memory stays flat.
/// </summary>
public sealed class ChainVerifier(NpgsqlDataSource dataSource)
{
    private const string ExactNotional = "notional * 1000000000000 = quantity::numeric * price_micros";

    /// <summary>
    /// Verifies one market's chain, or every market's when <paramref name="marketId"/> is null; stops at the first break.
    /// <paramref name="heads"/> are (market, sequence) → hash points the chains must pass through.
    /// </summary>
    public async Task<ChainVerification> VerifyAsync(
        string? marketId, IReadOnlyDictionary<(string MarketId, long Sequence), byte[]> heads, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(heads);
        // The stored notional is not hashed (the hash covers quantity and price, which fix it): checked against them instead,
        // by multiplying, since PostgreSQL's numeric division may round.
        await using var command = dataSource.CreateCommand(
            $"SELECT {AllocationQueries.Columns}, {ExactNotional} FROM allocations {(marketId is null ? "" : "WHERE market_id = @market")} ORDER BY market_id, sequence");
        if (marketId is not null)
        {
            command.Parameters.AddWithValue("market", marketId);
        }

        command.CommandTimeout = 0;
        var furthest = heads.GroupBy(h => h.Key.MarketId).ToDictionary(g => g.Key, g => g.Max(h => h.Key.Sequence), StringComparer.Ordinal);
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
                if (Truncated(market, expected - 1) is { } cut)
                {
                    return cut;
                }

                furthest.Remove(market);
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

            if (!reader.GetBoolean(AllocationQueries.ColumnCount))
            {
                return ChainVerification.Broken(checkedRows, market, row.Sequence, "its notional is not its quantity × price (the row was altered)");
            }

            if (heads.TryGetValue((market, row.Sequence), out var head) && !head.AsSpan().SequenceEqual(hash))
            {
                return ChainVerification.Broken(checkedRows, market, row.Sequence, "the chain does not pass through the signed checkpoint here (history was rewritten)");
            }

            previous = hash;
            expected++;
            checkedRows++;
        }

        if (Truncated(market, expected - 1) is { } end)
        {
            return end;
        }

        furthest.Remove(market);
        var vanished = furthest.Keys.Where(m => marketId is null || m == marketId).Order(StringComparer.Ordinal).FirstOrDefault();
        return vanished is null
            ? ChainVerification.Intact(checkedRows)
            : ChainVerification.Broken(checkedRows, vanished, 1, "a checkpoint was signed for this market, but none of its allocations remain");

        ChainVerification? Truncated(string chain, long last) =>
            furthest.TryGetValue(chain, out var signed) && signed > last
                ? ChainVerification.Broken(checkedRows, chain, last + 1, $"allocations {last + 1} to {signed} are missing, though a checkpoint was signed at {signed}")
                : null;
    }
}
