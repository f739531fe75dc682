using System.Runtime.CompilerServices;
using System.Text;
using Npgsql;

namespace Exchange.Storage.Ledger;

/// <summary>Reads the allocation ledger: tenants' own allocations and a market's public tape.</summary>
public sealed class AllocationQueries(NpgsqlDataSource dataSource)
{
    internal const string Columns = """
        market_id, sequence, allocation_id, journal_sequence, model, period_start, period_end, buyer_id, buyer_jurisdiction,
        buy_order_id, provider_id, cluster_id, region, sell_order_id, quantity, price_micros, matched_at, prev_hash, hash
        """;

    /// <summary>Up to <paramref name="limit"/> allocations matching the filter after the cursor, oldest first.</summary>
    public async Task<IReadOnlyList<AllocationRecord>> ReadAsync(
        AllocationFilter filter, AllocationCursor? after, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var command = dataSource.CreateCommand();
        var where = Where(filter, command);
        if (after is not null)
        {
            where += " AND (matched_at, market_id, sequence) > (@afterAt, @afterMarket, @afterSequence)";
            command.Parameters.AddWithValue("afterAt", after.MatchedAt.UtcDateTime);
            command.Parameters.AddWithValue("afterMarket", after.MarketId);
            command.Parameters.AddWithValue("afterSequence", after.Sequence);
        }

        command.CommandText = filter.DeliveryFrom is null && filter.DeliveryTo is null
            ? $"SELECT {Columns} FROM allocations WHERE {where} ORDER BY {ReadingOrder} LIMIT @limit"
            : ByDeliveryPeriod(filter, where);
        command.Parameters.AddWithValue("limit", limit);
        return await ReadRowsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private const string ReadingOrder = "matched_at, market_id, sequence";

    // A delivery range says nothing about match times, so the match-time index would walk from the range's first match
    // until enough rows of those periods came by. Instead: each delivery period in the range (found by skipping through
    // the delivery index one period at a time), its first page in match order, merged.
    private static string ByDeliveryPeriod(AllocationFilter filter, string where)
    {
        var range = new StringBuilder();
        if (filter.DeliveryFrom is not null)
        {
            range.Append(" AND a.period_start >= @deliveryFrom");
        }

        if (filter.DeliveryTo is not null)
        {
            range.Append(" AND a.period_start < @deliveryTo");
        }

        return $"""
            WITH RECURSIVE periods(start) AS (
                (SELECT a.period_start FROM allocations AS a WHERE TRUE{range} ORDER BY a.period_start LIMIT 1)
                UNION ALL
                SELECT (SELECT a.period_start FROM allocations AS a WHERE a.period_start > p.start{range} ORDER BY a.period_start LIMIT 1)
                FROM periods AS p
                WHERE p.start IS NOT NULL
            )
            SELECT page.*
            FROM periods AS p
            CROSS JOIN LATERAL (
                SELECT {Columns} FROM allocations WHERE period_start = p.start AND {where} ORDER BY {ReadingOrder} LIMIT @limit
            ) AS page
            ORDER BY {ReadingOrder}
            LIMIT @limit
            """;
    }

    /// <summary>Every allocation matching the filter, oldest first, one row at a time (for exports of any size).</summary>
    public async IAsyncEnumerable<AllocationRecord> StreamAsync(AllocationFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var command = dataSource.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM allocations WHERE {Where(filter, command)} ORDER BY {ReadingOrder}";
        command.CommandTimeout = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return Map(reader);
        }
    }

    /// <summary>The SQL condition for a filter, its values added to <paramref name="command"/>; the one place filters become SQL.</summary>
    internal static string Where(AllocationFilter filter, NpgsqlCommand command)
    {
        var where = new StringBuilder("TRUE");
        void Add(string condition, string name, object? value)
        {
            if (value is not null)
            {
                where.Append(" AND ").Append(condition);
                command.Parameters.AddWithValue(name, value);
            }
        }

        Add("buyer_id = @buyer", "buyer", filter.BuyerId);
        Add("provider_id = @provider", "provider", filter.ProviderId);
        Add("market_id = @market", "market", filter.MarketId);
        Add("matched_at >= @from", "from", filter.From?.UtcDateTime);
        Add("matched_at < @to", "to", filter.To?.UtcDateTime);
        Add("period_start >= @deliveryFrom", "deliveryFrom", filter.DeliveryFrom?.UtcDateTime);
        Add("period_start < @deliveryTo", "deliveryTo", filter.DeliveryTo?.UtcDateTime);
        Add("region = @region", "region", filter.Region);
        Add("cluster_id = @cluster", "cluster", filter.ClusterId);
        Add("buyer_jurisdiction = @jurisdiction", "jurisdiction", filter.BuyerJurisdiction);
        Add("model = @model", "model", filter.Model);
        return where.ToString();
    }

    /// <summary>A market's trades after chain sequence <paramref name="afterSequence"/>, in chain order.</summary>
    public async Task<IReadOnlyList<AllocationRecord>> ReadTapeAsync(string marketId, long afterSequence, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM allocations WHERE market_id = @market AND sequence > @after ORDER BY sequence LIMIT @limit");
        command.Parameters.AddWithValue("market", marketId);
        command.Parameters.AddWithValue("after", afterSequence);
        command.Parameters.AddWithValue("limit", limit);
        return await ReadRowsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<AllocationRecord>> ReadRowsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<AllocationRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(Map(reader));
        }

        return rows;
    }

    internal static AllocationRecord Map(NpgsqlDataReader reader) => new(
        reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt64(3), reader.GetString(4),
        reader.GetFieldValue<DateTimeOffset>(5), reader.GetFieldValue<DateTimeOffset>(6), reader.GetString(7), reader.GetString(8),
        reader.GetString(9), reader.GetString(10), reader.GetString(11), reader.GetString(12), reader.GetString(13),
        reader.GetInt64(14), reader.GetInt64(15), reader.GetFieldValue<DateTimeOffset>(16),
        reader.GetFieldValue<byte[]>(17), reader.GetFieldValue<byte[]>(18));
}
