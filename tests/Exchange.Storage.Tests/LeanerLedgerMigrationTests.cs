using Exchange.Storage.Migrations;
using Exchange.Storage.Orders;
using Exchange.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Exchange.Storage.Tests;

/// <summary>Migration 0023: finished orders stored before it get the ids of their allocations, and regulators still see their fills.</summary>
public sealed class LeanerLedgerMigrationTests
{
    private const string Market = "chat-70b.20261128T0100";

    [Fact]
    public async Task Orders_stored_before_migration_23_carry_their_allocations_and_their_fills_stay_visible()
    {
        await using var db = await TestDatabase.CreateAsync("leaner-ledger", migrate: false);
        var runner = new MigrationRunner(db.DataSource, NullLogger<MigrationRunner>.Instance);
        await runner.ApplyAsync([.. MigrationCatalog.All.Where(m => m.Version < 23)], CancellationToken.None);
        await db.ScalarAsync<object?>($"""
            INSERT INTO allocations (market_id, sequence, allocation_id, journal_sequence, model, period_start, period_end, buyer_id,
                buyer_jurisdiction, buy_order_id, provider_id, cluster_id, region, sell_order_id, quantity, price_micros, notional,
                matched_at, prev_hash, hash)
            SELECT '{Market}', g, '{Market}.a' || g, 2 + g, 'chat-70b', '2026-11-28T01:00:00Z', '2026-11-28T02:00:00Z', 'buyer-1', 'DE',
                '{Market}.1', 'provider-1', 'cluster-1', 'hainan', '{Market}.' || (1 + g), 1000, 300000, 0.3,
                '2026-11-27T12:00:00Z'::timestamptz + g * interval '1 second', decode(repeat('00', 32), 'hex'), decode(repeat('11', 32), 'hex')
            FROM generate_series(1, 2) AS g;
            INSERT INTO orders (order_id, market_id, sequence, tenant_id, client_order_id, side, kind, time_in_force, price_micros,
                quantity, filled_quantity, remaining_quantity, cancelled_quantity, filled_notional, status, cluster_id, period_start,
                created_at, updated_sequence)
            VALUES ('{Market}.1', '{Market}', 1, 'buyer-1', 'c-1', 0, 0, 0, 300000, 2000, 2000, 0, 0, 0.6, 2, NULL,
                    '2026-11-28T01:00:00Z', '2026-11-27T11:00:00Z', 4),
                   ('{Market}.9', '{Market}', 9, 'buyer-1', 'c-9', 0, 0, 0, 100000, 1000, 0, 0, 1000, 0, 3, NULL,
                    '2026-11-28T01:00:00Z', '2026-11-27T11:30:00Z', 10);
            SELECT NULL
            """);

        await runner.ApplyAsync(CancellationToken.None);

        var queries = new OrderQueries(db.DataSource);
        Assert.Equal([$"{Market}.a1", $"{Market}.a2"], (await queries.ReadOrderAsync($"{Market}.1", CancellationToken.None))!.AllocationIds);
        Assert.Empty((await queries.ReadOrderAsync($"{Market}.9", CancellationToken.None))!.AllocationIds);
        Assert.Equal(
            [$"{Market}.a1", $"{Market}.a2"],
            await db.ScalarAsync<string[]>(
                $"SELECT array_agg(allocation_id ORDER BY sequence) FROM regulator.order_events WHERE order_id = '{Market}.1' AND type = 'fill'"));
        var fillSequences = await db.ScalarAsync<long[]>(
            $"SELECT array_agg(sequence ORDER BY sequence) FROM regulator.order_events WHERE order_id = '{Market}.1' AND type = 'fill'");
        Assert.Equal([3L, 4L], fillSequences);
    }
}
