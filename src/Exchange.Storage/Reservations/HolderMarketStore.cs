using Npgsql;

namespace Exchange.Storage.Reservations;

/// <summary>The markets a tenant or cluster has journaled orders in (migration 0016): where its grain asks for the orders markets hold.</summary>
public sealed class HolderMarketStore(NpgsqlDataSource dataSource)
{
    private const string Read = "SELECT market_id FROM holder_markets WHERE holder = @holder";

    private const string Forget = "DELETE FROM holder_markets WHERE holder = @holder AND market_id = ANY(@markets)";

    /// <summary>Every market the holder has a journaled order in and has not forgotten.</summary>
    public async Task<string[]> ReadAsync(string holder, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Read);
        command.Parameters.AddWithValue("holder", holder);
        var markets = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            markets.Add(reader.GetString(0));
        }

        return [.. markets];
    }

    /// <summary>Drops markets that will never hold anything of the holder's again (closed, nothing left in memory).</summary>
    public async Task ForgetAsync(string holder, IReadOnlyCollection<string> markets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(markets);
        if (markets.Count == 0)
        {
            return;
        }

        await using var command = dataSource.CreateCommand(Forget);
        command.Parameters.AddWithValue("holder", holder);
        command.Parameters.AddWithValue("markets", markets.ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
