using Exchange.Markets;
using Exchange.Storage.Batching;
using Npgsql;
using NpgsqlTypes;

namespace Exchange.Storage.Orders;

/// <summary>
/// Stores finished orders in the order store (<c>orders</c>) behind the journal, in bulk: the finished orders of every market
/// on this silo that arrive while a write is in flight go out together in the next one. A finished order never changes, so a
/// row is inserted once and never updated; one stored again (a market replaying orders it had stored before a crash) is
/// left as it is. Open orders live in their markets, which answer for them.
/// </summary>
public sealed class OrderArchive : IAsyncDisposable
{
    // Bounds one statement; the rest goes out in the next one, a moment later.
    private const int MaxMarketsPerWrite = 4_096;

    // Nobody waits on these writes but the markets' memory, so they gather for a moment: one commit (and WAL flush) per
    // interval rather than one per journal transaction. Longer intervals saved no more CPU under load, and their larger
    // inserts delayed the journal's commits (p99 34-39 ms at 200-500 ms against 30 ms at 20 ms; docs/performance.md).
    private static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(20);

    // An order stored again (a market replaying after a crash) inserts nothing, and so adds nothing to its tenant's spend.
    // A re-allocation's buy (ReallocationOrders) spends its parent's escrow, already counted, so it adds nothing either.
    // The spend rows are taken in key order, so two writers never wait for each other crosswise.
    private const string InsertFinished = $"""
        WITH stored AS (
        INSERT INTO orders (
            order_id, market_id, sequence, tenant_id, client_order_id, side, kind, time_in_force, price_micros,
            quantity, filled_quantity, remaining_quantity, cancelled_quantity, filled_notional, status, cluster_id,
            period_start, created_at, updated_sequence, allocation_ids)
        SELECT t.order_id, t.market_id, t.sequence, t.tenant_id, t.client_order_id, t.side, t.kind, t.time_in_force, t.price_micros,
            t.quantity, t.filled_quantity, t.remaining_quantity, t.cancelled_quantity, t.filled_notional, t.status, t.cluster_id,
            t.period_start, t.created_at, t.updated_sequence, t.allocation_ids::text[]
        FROM unnest(
            @order_id, @market_id, @sequence, @tenant_id, @client_order_id, @side, @kind, @time_in_force, @price_micros,
            @quantity, @filled_quantity, @remaining_quantity, @cancelled_quantity, @filled_notional, @status, @cluster_id,
            @period_start, @created_at, @updated_sequence, @allocation_ids)
            AS t(order_id, market_id, sequence, tenant_id, client_order_id, side, kind, time_in_force, price_micros,
                 quantity, filled_quantity, remaining_quantity, cancelled_quantity, filled_notional, status, cluster_id,
                 period_start, created_at, updated_sequence, allocation_ids)
        ON CONFLICT (order_id) DO NOTHING
        RETURNING tenant_id, market_id, side, filled_notional, client_order_id)
        INSERT INTO tenant_market_spend (tenant_id, market_id, filled_notional)
        SELECT tenant_id, market_id, sum(filled_notional) FROM stored WHERE side = 0 AND NOT starts_with(client_order_id, '{ReallocationOrders.Prefix}')
        GROUP BY tenant_id, market_id ORDER BY tenant_id, market_id
        ON CONFLICT (tenant_id, market_id) DO UPDATE SET filled_notional = tenant_market_spend.filled_notional + excluded.filled_notional
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly GroupCommit<IReadOnlyList<OrderRow>> _groups;

    public OrderArchive(NpgsqlDataSource dataSource)
    {
        _dataSource = dataSource;
        _groups = new GroupCommit<IReadOnlyList<OrderRow>>(CommitAsync, MaxMarketsPerWrite, Gather);
    }

    /// <summary>Queues one market's finished orders for the next write; completes once they are stored.</summary>
    public Task StoreAsync(IReadOnlyList<OrderRow> finished)
    {
        ArgumentNullException.ThrowIfNull(finished);
        return finished.Count == 0 ? Task.CompletedTask : _groups.AddAsync(finished);
    }

    public ValueTask DisposeAsync() => _groups.DisposeAsync();

    private async Task CommitAsync(List<GroupItem<IReadOnlyList<OrderRow>>> group)
    {
        var o = group.SelectMany(g => g.Item).ToList();
        await using var command = _dataSource.CreateCommand(InsertFinished);
        var parameters = command.Parameters;
        parameters.AddWithValue("order_id", o.Select(x => x.OrderId).ToArray());
        parameters.AddWithValue("market_id", o.Select(x => x.MarketId).ToArray());
        parameters.AddWithValue("sequence", o.Select(x => x.Sequence).ToArray());
        parameters.AddWithValue("tenant_id", o.Select(x => x.TenantId).ToArray());
        parameters.AddWithValue("client_order_id", o.Select(x => x.ClientOrderId).ToArray());
        parameters.AddWithValue("side", o.Select(x => x.Side).ToArray());
        parameters.AddWithValue("kind", o.Select(x => x.Kind).ToArray());
        parameters.AddWithValue("time_in_force", o.Select(x => x.TimeInForce).ToArray());
        parameters.AddWithValue("price_micros", o.Select(x => x.PriceMicros).ToArray());
        parameters.AddWithValue("quantity", o.Select(x => x.Quantity).ToArray());
        parameters.AddWithValue("filled_quantity", o.Select(x => x.FilledQuantity).ToArray());
        parameters.AddWithValue("remaining_quantity", o.Select(x => x.RemainingQuantity).ToArray());
        parameters.AddWithValue("cancelled_quantity", o.Select(x => x.CancelledQuantity).ToArray());
        parameters.AddWithValue("filled_notional", o.Select(x => x.FilledNotional).ToArray());
        parameters.AddWithValue("status", o.Select(x => x.Status).ToArray());
        parameters.AddWithValue("cluster_id", NpgsqlDbType.Array | NpgsqlDbType.Text, o.Select(x => x.ClusterId).ToArray());
        parameters.AddWithValue("period_start", o.Select(x => x.PeriodStart.UtcDateTime).ToArray());
        parameters.AddWithValue("created_at", o.Select(x => x.CreatedAt.UtcDateTime).ToArray());
        parameters.AddWithValue("updated_sequence", o.Select(x => x.UpdatedSequence).ToArray());
        // One array per row cannot travel in unnest's parallel arrays (it would flatten), so each goes as its literal.
        parameters.AddWithValue("allocation_ids", o.Select(x => TextArrayLiteral.Of(x.AllocationIds)).ToArray());
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        foreach (var pending in group)
        {
            pending.Done.TrySetResult();
        }
    }
}
