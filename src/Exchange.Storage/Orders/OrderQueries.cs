using System.Runtime.CompilerServices;
using Exchange.Markets;
using Npgsql;

namespace Exchange.Storage.Orders;

/// <summary>Reads the order store: every finished order in its final state (open orders live in their markets).</summary>
public sealed class OrderQueries(NpgsqlDataSource dataSource)
{
    private const string Columns = """
        order_id, market_id, sequence, tenant_id, client_order_id, side, kind, time_in_force, price_micros,
        quantity, filled_quantity, remaining_quantity, cancelled_quantity, filled_notional, status, cluster_id,
        period_start, created_at, updated_sequence, allocation_ids
        """;

    /// <summary>A tenant's finished orders in the given markets (those it still trades in).</summary>
    public async IAsyncEnumerable<OrderRow> ReadTenantOrdersInAsync(
        string tenantId, string[] marketIds, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM orders WHERE tenant_id = @tenant AND market_id = ANY(@markets)");
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("markets", marketIds);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return Map(reader);
        }
    }

    /// <summary>What a tenant spent on buys in every market but the given ones (migration 0021): one row per market.</summary>
    public async Task<decimal> ReadTenantSpendOutsideAsync(string tenantId, string[] marketIds, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT coalesce(sum(filled_notional), 0) FROM tenant_market_spend WHERE tenant_id = @tenant AND NOT (market_id = ANY(@markets))");
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("markets", marketIds);
        return (decimal)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>The client order ids a tenant's stored orders created since <paramref name="since"/> used, with their markets.</summary>
    public async IAsyncEnumerable<(string ClientOrderId, string MarketId)> ReadTenantClientIdsSinceAsync(
        string tenantId, DateTimeOffset since, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT client_order_id, market_id FROM orders WHERE tenant_id = @tenant AND created_at >= @since");
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("since", since.UtcDateTime);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return (reader.GetString(0), reader.GetString(1));
        }
    }

    /// <summary>
    /// A tenant's finished orders named by <paramref name="clientOrderIds"/> (those it believes open) and those created
    /// since <paramref name="createdSince"/>, so a reconciliation reads what can have finished unheard rather than the
    /// tenant's whole history.
    /// </summary>
    public async IAsyncEnumerable<OrderRow> ReadTenantRecentOrdersAsync(
        string tenantId, string[] clientOrderIds, DateTimeOffset createdSince, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {Columns} FROM orders
            WHERE tenant_id = @tenant AND (client_order_id = ANY(@clients) OR created_at >= @since)
            """);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("clients", clientOrderIds);
        command.Parameters.AddWithValue("since", createdSince.UtcDateTime);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return Map(reader);
        }
    }

    /// <summary>The finished sell orders of a cluster for delivery periods starting at or after <paramref name="fromPeriod"/>.</summary>
    public IAsyncEnumerable<OrderRow> ReadClusterOrdersAsync(string clusterId, DateTimeOffset fromPeriod, CancellationToken cancellationToken) =>
        ReadAsync($"SELECT {Columns} FROM orders WHERE cluster_id = @key AND period_start >= @from ORDER BY created_at, order_id", clusterId, fromPeriod, cancellationToken);

    /// <summary>One order by id, or null.</summary>
    public async Task<OrderRow?> ReadOrderAsync(string orderId, CancellationToken cancellationToken)
    {
        await foreach (var row in ReadAsync($"SELECT {Columns} FROM orders WHERE order_id = @key", orderId, null, cancellationToken).ConfigureAwait(false))
        {
            return row;
        }

        return null;
    }

    /// <summary>A tenant's order in one market by its client order id, or null.</summary>
    public async Task<OrderRow?> ReadByClientIdAsync(string marketId, string tenantId, string clientOrderId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM orders WHERE tenant_id = @tenant AND client_order_id = @client AND market_id = @market");
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("client", clientOrderId);
        command.Parameters.AddWithValue("market", marketId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Map(reader) : null;
    }

    /// <summary>
    /// A page of a tenant's finished orders, oldest first (ids compared byte by byte, as listings merge them), after the order
    /// <paramref name="after"/> names (created time and id). Status and market filter when given.
    /// </summary>
    public async Task<IReadOnlyList<OrderRow>> ListAsync(
        string tenantId, short? status, string? marketId, (DateTimeOffset CreatedAt, string OrderId)? after, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand();
        var where = "o.tenant_id = @tenant";
        command.Parameters.AddWithValue("tenant", tenantId);
        if (status is { } wanted)
        {
            where += " AND o.status = @status";
            command.Parameters.AddWithValue("status", wanted);
        }

        if (marketId is not null)
        {
            where += " AND o.market_id = @market";
            command.Parameters.AddWithValue("market", marketId);
        }

        if (after is { } cursor)
        {
            where += " AND (o.created_at, o.order_id COLLATE \"C\") > (@afterCreated, @afterId)";
            command.Parameters.AddWithValue("afterCreated", cursor.CreatedAt.UtcDateTime);
            command.Parameters.AddWithValue("afterId", cursor.OrderId);
        }

        command.CommandText = $"""
            SELECT {PrefixedColumns}
            FROM orders o WHERE {where}
            ORDER BY o.created_at, o.order_id COLLATE "C" LIMIT @limit
            """;
        command.Parameters.AddWithValue("limit", limit);
        var page = new List<OrderRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            page.Add(Map(reader));
        }

        return page;
    }

    private static string PrefixedColumns => string.Join(", ", Columns.Split(',').Select(c => "o." + c.Trim()));

    private async IAsyncEnumerable<OrderRow> ReadAsync(
        string sql, string key, DateTimeOffset? from, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("key", key);
        if (from is { } start)
        {
            command.Parameters.AddWithValue("from", start.UtcDateTime);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return Map(reader);
        }
    }

    private static OrderRow Map(NpgsqlDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4),
        reader.GetInt16(5), reader.GetInt16(6), reader.GetInt16(7), reader.GetInt64(8), reader.GetInt64(9),
        reader.GetInt64(10), reader.GetInt64(11), reader.GetInt64(12), Money.Normalize(reader.GetDecimal(13)), reader.GetInt16(14),
        reader.IsDBNull(15) ? null : reader.GetString(15), reader.GetFieldValue<DateTimeOffset>(16),
        reader.GetFieldValue<DateTimeOffset>(17), reader.GetInt64(18), reader.GetFieldValue<string[]>(19));
}
