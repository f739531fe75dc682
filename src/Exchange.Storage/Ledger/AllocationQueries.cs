using System.Runtime.CompilerServices;
using System.Text;
using Exchange.Markets;
using Npgsql;

namespace Exchange.Storage.Ledger;

/// <summary>Reads the allocation ledger: tenants' own allocations and a market's public tape.</summary>
public sealed class AllocationQueries(NpgsqlDataSource dataSource)
{
    /// <summary>How many columns <see cref="Columns"/> names: a query may select more after them.</summary>
    internal const int ColumnCount = 20;

    internal const string Columns = """
        market_id, sequence, allocation_id, journal_sequence, model, period_start, period_end, buyer_id, buyer_jurisdiction,
        buy_order_id, provider_id, cluster_id, region, sell_order_id, quantity, price_micros, matched_at, prev_hash, hash,
        parent_allocation_id
        """;

    /// <summary>The allocation with this id, or null (also for anything that is not an allocation id).</summary>
    public async Task<AllocationRecord?> FindAsync(string allocationId, CancellationToken cancellationToken)
    {
        if (!AllocationIds.TryParse(allocationId, out var market, out var sequence))
        {
            return null;
        }

        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM allocations WHERE market_id = @market AND sequence = @sequence");
        command.Parameters.AddWithValue("market", market);
        command.Parameters.AddWithValue("sequence", sequence);
        return (await ReadRowsAsync(command, cancellationToken).ConfigureAwait(false)).SingleOrDefault();
    }

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
            : await CountPeriodsAsync(filter, MergedPeriodsAtMost + 1, cancellationToken).ConfigureAwait(false) <= MergedPeriodsAtMost
                ? MergedByPeriod(filter, where)
                : FromFirstMatchOfPeriods(filter, where);
        command.Parameters.AddWithValue("limit", limit);
        return await ReadRowsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private const string ReadingOrder = "matched_at, market_id, sequence";

    // Up to this many delivery periods in a range, merging each one's first page is cheapest; beyond, the merge reads
    // periods × limit rows (a 30-day range at 10 M allocations: 0.9 s), and walking match order is cheaper.
    private const int MergedPeriodsAtMost = 48;

    // A delivery range says nothing about match times, so the plain match-order walk would start at the time range's
    // beginning and pass every row until enough rows of those periods came by. Both plans below start from the delivery
    // periods in the range instead, found by skipping through the delivery index one period at a time.
    private static string DeliveryPeriods(AllocationFilter filter)
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
            """;
    }

    private async Task<long> CountPeriodsAsync(AllocationFilter filter, int atMost, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"{DeliveryPeriods(filter)} SELECT count(*) FROM (SELECT start FROM periods WHERE start IS NOT NULL LIMIT @atMost) AS p");
        command.Parameters.AddWithValue("atMost", atMost);

        // Only the delivery range's parameters, added where every filter's are.
        _ = Where(new AllocationFilter { DeliveryFrom = filter.DeliveryFrom, DeliveryTo = filter.DeliveryTo }, command);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    // Few periods: each one's first page in match order, merged.
    private static string MergedByPeriod(AllocationFilter filter, string where) => $"""
        {DeliveryPeriods(filter)}
        SELECT page.*
        FROM periods AS p
        CROSS JOIN LATERAL (
            SELECT {Columns} FROM allocations WHERE period_start = p.start AND {where} ORDER BY {ReadingOrder} LIMIT @limit
        ) AS page
        ORDER BY {ReadingOrder}
        LIMIT @limit
        """;

    // Many periods: the match-order walk, started at the earliest match of any period in the range (each period's
    // earliest is the first entry of its part of the delivery index).
    private static string FromFirstMatchOfPeriods(AllocationFilter filter, string where) => $"""
        {DeliveryPeriods(filter)}
        SELECT {Columns}
        FROM allocations
        WHERE {where} AND matched_at >= (
            SELECT min(first.matched_at)
            FROM periods AS p
            CROSS JOIN LATERAL (
                SELECT f.matched_at FROM allocations AS f WHERE f.period_start = p.start ORDER BY f.matched_at LIMIT 1
            ) AS first)
        ORDER BY {ReadingOrder}
        LIMIT @limit
        """;

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
        reader.GetFieldValue<byte[]>(17), reader.GetFieldValue<byte[]>(18), reader.IsDBNull(19) ? null : reader.GetString(19));
}
