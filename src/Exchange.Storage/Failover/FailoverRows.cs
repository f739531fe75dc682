using Exchange.Markets;
using Exchange.Markets.Settlement;
using Exchange.Storage.Ledger;
using Exchange.Storage.Settlement;
using Npgsql;

namespace Exchange.Storage.Failover;

/// <summary>The SQL of failover's own tables; <see cref="FailoverStore"/> decides what to read and write.</summary>
internal static class FailoverRows
{
    /// <summary>Failures not taken yet, oldest first: (cluster, when it failed).</summary>
    public static async Task<List<(string ClusterId, DateTimeOffset FailedAt)>> NewFailuresAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT h.cluster_id, h.at FROM cluster_health h
            WHERE h.status = 'Failed' AND NOT EXISTS (SELECT 1 FROM failover_failures f WHERE f.cluster_id = h.cluster_id)
            ORDER BY h.at, h.cluster_id
            """, connection, transaction);
        var failures = new List<(string, DateTimeOffset)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            failures.Add((reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1)));
        }

        return failures;
    }

    /// <summary>
    /// The allocations these clusters were delivering when they failed and that settlement has not closed, with their
    /// buy orders. A failure whose delivering allocations are not all funded yet is left out, and taken by a later run.
    /// </summary>
    public static async Task<List<DeliveringParent>> DeliveringAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<(string ClusterId, DateTimeOffset FailedAt)> failures, CancellationToken cancellationToken)
    {
        // A period is at most a day (Markets:PeriodMinutes divides one), so the delivery index bounds the search.
        await using var command = new NpgsqlCommand($"""
            SELECT f.cluster_id, f.failed_at, a.allocation_id, a.market_id, a.buy_order_id, s.allocation_id IS NULL AS unfunded
            FROM unnest(@clusters, @at) AS f (cluster_id, failed_at)
            JOIN allocations a ON a.period_start > f.failed_at - interval '1 day' AND a.period_start <= f.failed_at AND a.period_end > f.failed_at
                              AND a.cluster_id = f.cluster_id
            LEFT JOIN settlement_allocations s ON s.allocation_id = a.allocation_id
            ORDER BY f.failed_at, a.allocation_id
            """, connection, transaction);
        command.Parameters.AddWithValue("clusters", failures.Select(f => f.ClusterId).ToArray());
        command.Parameters.AddWithValue("at", failures.Select(f => f.FailedAt).ToArray());
        var found = new List<(string Cluster, DateTimeOffset At, string Id, string Market, string BuyOrder)>();
        var waiting = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (reader.GetBoolean(5))
                {
                    waiting.Add(reader.GetString(0));
                }

                found.Add((reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
            }
        }

        failures.RemoveAll(f => waiting.Contains(f.ClusterId));
        var taken = found.Where(f => !waiting.Contains(f.Cluster)).ToList();
        var states = (await SettlementRows.StatesAsync(connection, transaction, [.. taken.Select(f => f.Id)], cancellationToken).ConfigureAwait(false))
            .Where(r => !r.Closed && r.Disputed == 0)
            .ToDictionary(r => r.State.Allocation.AllocationId, StringComparer.Ordinal);
        return [.. taken.Where(f => states.ContainsKey(f.Id)).Select(f => new DeliveringParent(states[f.Id], f.Market, f.BuyOrder, f.Cluster, f.At))];
    }

    /// <summary>Each allocation's newest accepted reading: the fence's count of what its failed cluster delivered.</summary>
    public static async Task<Dictionary<string, MeterReading>> NewestReadingsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string[] allocationIds, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"""
            SELECT DISTINCT ON (allocation_id) {Metering.StoredReadings.Columns}
            FROM meter_readings WHERE allocation_id = ANY(@ids) ORDER BY allocation_id, sequence DESC
            """, connection, transaction);
        command.Parameters.AddWithValue("ids", allocationIds);
        var readings = new Dictionary<string, MeterReading>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            readings[reader.GetString(0)] = Metering.StoredReadings.Read(reader);
        }

        return readings;
    }

    public static async Task InsertAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<FoundFailover> found, DateTimeOffset now, int penaltyBps, CancellationToken cancellationToken)
    {
        if (found.Count == 0)
        {
            return;
        }

        // A remainder of nothing (the cluster had delivered it all) is found finished: there is nothing to re-allocate.
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO failover_allocations (parent_allocation_id, cluster_id, market_id, buyer_id, buyer_jurisdiction, failed_at, found_at, remainder,
                                              penalty_bps, sought, max_price_micros, regions, min_tier, data_policies, reallocated, released, finished_at)
            SELECT f.id, f.cluster, f.market, f.buyer, f.jurisdiction, f.failed, @now, f.remainder, @penalty, f.sought, f.price,
                   string_to_array(f.regions, ' '), f.tier, string_to_array(f.policies, ' '),
                   CASE WHEN f.remainder = 0 THEN 0 END, CASE WHEN f.remainder = 0 THEN 0 END, CASE WHEN f.remainder = 0 THEN @now END
            FROM unnest(@ids, @clusters, @markets, @buyers, @jurisdictions, @failed, @remainders, @sought, @prices, @regions, @tiers, @policies)
                AS f (id, cluster, market, buyer, jurisdiction, failed, remainder, sought, price, regions, tier, policies)
            """, connection, transaction))
        {
            insert.Parameters.AddWithValue("now", now);
            insert.Parameters.AddWithValue("penalty", penaltyBps);
            insert.Parameters.AddWithValue("ids", found.Select(f => f.Parent.Row.State.Allocation.AllocationId).ToArray());
            insert.Parameters.AddWithValue("clusters", found.Select(f => f.Parent.ClusterId).ToArray());
            insert.Parameters.AddWithValue("markets", found.Select(f => f.Parent.MarketId).ToArray());
            insert.Parameters.AddWithValue("buyers", found.Select(f => f.Parent.Row.State.Allocation.BuyerId).ToArray());
            insert.Parameters.AddWithValue("jurisdictions", found.Select(f => f.Parent.Row.BuyerJurisdiction).ToArray());
            insert.Parameters.AddWithValue("failed", found.Select(f => f.Parent.FailedAt).ToArray());
            insert.Parameters.AddWithValue("remainders", found.Select(f => f.Remainder).ToArray());
            insert.Parameters.AddWithValue("sought", found.Select(f => f.Sought).ToArray());
            insert.Parameters.AddWithValue("prices", found.Select(f => f.MaxPriceMicros).ToArray());
            insert.Parameters.AddWithValue("regions", found.Select(f => string.Join(' ', f.Constraints.Regions)).ToArray());
            insert.Parameters.AddWithValue("tiers", found.Select(f => f.Constraints.MinTier).ToArray());
            insert.Parameters.AddWithValue("policies", found.Select(f => string.Join(' ', f.Constraints.DataPolicies)).ToArray());
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // The parent's own close refunds only what failover left it: the remainder leaves its escrow through failover.
        await using var reallocate = new NpgsqlCommand("""
            UPDATE settlement_allocations s SET reallocated = u.remainder FROM unnest(@ids, @remainders) AS u (id, remainder) WHERE s.allocation_id = u.id
            """, connection, transaction);
        reallocate.Parameters.AddWithValue("ids", found.Select(f => f.Parent.Row.State.Allocation.AllocationId).ToArray());
        reallocate.Parameters.AddWithValue("remainders", found.Select(f => f.Remainder).ToArray());
        await reallocate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task MarkFailuresAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<(string ClusterId, DateTimeOffset FailedAt)> failures, List<FoundFailover> found,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO failover_failures (cluster_id, failed_at, allocations)
            SELECT c, a, n FROM unnest(@clusters, @at, @counts) AS f (c, a, n)
            """, connection, transaction);
        command.Parameters.AddWithValue("clusters", failures.Select(f => f.ClusterId).ToArray());
        command.Parameters.AddWithValue("at", failures.Select(f => f.FailedAt).ToArray());
        command.Parameters.AddWithValue("counts", failures.Select(f => found.Count(x => x.Parent.ClusterId == f.ClusterId)).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task<List<OpenFailover>> OpenAsync(NpgsqlConnection connection, int limit, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT f.parent_allocation_id, f.market_id, f.buyer_id, f.buyer_jurisdiction, f.sought, f.max_price_micros, f.regions, f.min_tier, f.data_policies,
                   f.cluster_id
            FROM failover_allocations f
            WHERE f.finished_at IS NULL ORDER BY f.failed_at, f.parent_allocation_id LIMIT @limit
            """, connection);
        command.Parameters.AddWithValue("limit", limit);
        var open = new List<OpenFailover>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            open.Add(new OpenFailover(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4), reader.GetInt64(5),
                reader.GetFieldValue<string[]>(6), reader.GetInt32(7), reader.GetFieldValue<string[]>(8), reader.GetString(9)));
        }

        return open;
    }

    /// <summary>The remainders of these failovers that have not ended, locked until the caller commits.</summary>
    public static async Task<Dictionary<string, long>> UnfinishedAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string[] ids, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT parent_allocation_id, remainder FROM failover_allocations WHERE parent_allocation_id = ANY(@ids) AND finished_at IS NULL
            ORDER BY parent_allocation_id FOR UPDATE
            """, connection, transaction);
        command.Parameters.AddWithValue("ids", ids);
        var remainders = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            remainders[reader.GetString(0)] = reader.GetInt64(1);
        }

        return remainders;
    }

    /// <summary>The allocations that name these as their parents, by parent, in chain order.</summary>
    public static async Task<Dictionary<string, List<AllocationRecord>>> ChildrenAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string[] parentIds, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT {AllocationQueries.Columns} FROM allocations WHERE parent_allocation_id = ANY(@ids) ORDER BY market_id, sequence", connection, transaction);
        command.Parameters.AddWithValue("ids", parentIds);
        var children = new Dictionary<string, List<AllocationRecord>>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var child = AllocationQueries.Map(reader);
            (children.TryGetValue(child.ParentAllocationId!, out var list) ? list : children[child.ParentAllocationId!] = []).Add(child);
        }

        return children;
    }

    public static async Task EndAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<(string Parent, long Reallocated, long Released)> ended, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            UPDATE failover_allocations f SET reallocated = e.reallocated, released = e.released, finished_at = @now
            FROM unnest(@ids, @reallocated, @released) AS e (id, reallocated, released) WHERE f.parent_allocation_id = e.id
            """, connection, transaction);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("ids", ended.Select(e => e.Parent).ToArray());
        command.Parameters.AddWithValue("reallocated", ended.Select(e => e.Reallocated).ToArray());
        command.Parameters.AddWithValue("released", ended.Select(e => e.Released).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every failover's stored inputs, by parent: its remainder, its penalty's basis points, and whether it ended.</summary>
    public static async Task<Dictionary<string, (long Remainder, int PenaltyBps, bool Finished)>> AllAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT parent_allocation_id, remainder, penalty_bps, finished_at IS NOT NULL FROM failover_allocations", connection, transaction);
        var all = new Dictionary<string, (long, int, bool)>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            all[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt32(2), reader.GetBoolean(3));
        }

        return all;
    }
}
