using Exchange.Contracts.Markets;
using Exchange.Grains.Markets;
using Exchange.Markets;
using Exchange.Storage.Journal;
using Exchange.Storage.Ledger;
using Exchange.TestSupport;

namespace Exchange.Silo.Tests;

/// <summary>An order as its tenant was told of it: which order its client order id made, and how much of it had filled.</summary>
public sealed record AcknowledgedOrder(string TenantId, string ClientOrderId, string MarketId, string OrderId, long FilledQuantity);

/// <summary>What must hold of the journals after any crash: acknowledged orders are there, the ledger is exactly the replay.</summary>
public static class JournalVerifier
{
    /// <inheritdoc cref="VerifyAsync(TestDatabase, IReadOnlyList{string}, IReadOnlyList{AcknowledgedOrder})"/>
    public static Task<int> VerifyAsync(TestDatabase db, IReadOnlyList<string> markets, IReadOnlyList<(OrderRequest Request, string MarketId, OrderState Order)> acknowledged) =>
        VerifyAsync(db, markets, [.. acknowledged.Select(a => new AcknowledgedOrder(a.Request.TenantId, a.Request.ClientOrderId, a.MarketId, a.Order.OrderId, a.Order.FilledQuantity))]);

    /// <summary>Checks every market's journal against the ledger and the acknowledgements; returns the number of allocations.</summary>
    public static async Task<int> VerifyAsync(TestDatabase db, IReadOnlyList<string> markets, IReadOnlyList<AcknowledgedOrder> acknowledged)
    {
        var journal = new MarketJournalStore(db.DataSource);
        var totalAllocations = 0;
        foreach (var marketId in markets)
        {
            // Replaying the journal through the same deterministic core must give the ledger exactly, hashes included.
            var replay = new MarketCore(marketId, ShippedConfiguration.Rules);
            var replayed = new List<AllocationRecord>();
            await foreach (var entry in journal.ReadAsync(marketId, 0, CancellationToken.None))
            {
                replayed.AddRange(replay.Apply(entry.Sequence, MarketCommandCodec.Decode(entry.Command)).Allocations);
            }

            var stored = await journal.ReadAllocationsAsync(marketId, 0, CancellationToken.None).ToListAsync();
            Assert.Equal(Enumerable.Range(1, stored.Count).Select(i => (long)i), stored.Select(a => a.Sequence));
            Assert.Equal(replayed.Count, stored.Count);
            for (var i = 0; i < stored.Count; i++)
            {
                Assert.Equal(AllocationHasher.Canonical(replayed[i]), AllocationHasher.Canonical(stored[i]));
                Assert.Equal(replayed[i].Hash, stored[i].Hash);
                Assert.Equal(replayed[i].PrevHash, stored[i].PrevHash);
            }

            totalAllocations += stored.Count;

            // Every acknowledged order is in the journal, under its tenant and client order id, with at least the fills it was told of.
            foreach (var ack in acknowledged.Where(a => a.MarketId == marketId))
            {
                Assert.True(OrderIds.TryParse(ack.OrderId, out _, out var sequence));
                var order = replay.FindOrder(sequence);
                Assert.NotNull(order);
                Assert.Equal((ack.TenantId, ack.ClientOrderId), (order.Request.TenantId, order.Request.ClientOrderId));
                Assert.True(order.Filled >= ack.FilledQuantity, $"{ack.OrderId} lost fills");
                Assert.Equal(order.Quantity, order.Filled + order.Remaining + order.Cancelled);
            }

            // A retried client order id never made a second order.
            var clientIds = replay.Orders.Select(o => (o.Request.TenantId, o.Request.ClientOrderId)).ToList();
            Assert.Equal(clientIds.Count, clientIds.Distinct().Count());
        }

        Assert.True(totalAllocations > 0, "the stream produced allocations");
        Assert.Equal(0, await db.ScalarAsync<int>(
            "SELECT count(*) FROM (SELECT 1 FROM orders GROUP BY tenant_id, client_order_id HAVING count(*) > 1) AS twice"));
        Assert.Equal(totalAllocations, await db.ScalarAsync<int>("SELECT count(DISTINCT allocation_id) FROM allocations"));
        await OrderStoreHoldsTheFinishedOrdersAsync(db, markets);
        return totalAllocations;
    }

    /// <summary>
    /// Waits until the order store holds exactly the finished orders of <paramref name="markets"/>' journals, each in its final
    /// state: markets store an order once it finished, behind the journal, and one whose silo died first stores it when it replays.
    /// </summary>
    public static async Task OrderStoreHoldsTheFinishedOrdersAsync(TestDatabase db, IReadOnlyList<string> markets)
    {
        ArgumentNullException.ThrowIfNull(db);
        var journals = new JournalReplay(db, markets);
        var last = "";
        try
        {
            await Eventually.HoldsAsync("the order store to hold exactly the journals' finished orders", TimeSpan.FromSeconds(60), async () =>
            {
                var finished = (await journals.OrdersAsync()).Select(o => o.Order).Where(o => !o.IsOpen)
                    .Select(o => $"{o.OrderId} {o.Filled} {o.Cancelled} {(short)o.Status} {Money.Normalize(o.FilledNotional)}")
                    .Order(StringComparer.Ordinal).ToList();
                var stored = new List<string>();
                await using var command = db.DataSource.CreateCommand(
                    "SELECT order_id, filled_quantity, cancelled_quantity, status, filled_notional FROM orders WHERE market_id = ANY(@markets)");
                command.Parameters.AddWithValue("markets", markets.ToArray());
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    stored.Add($"{reader.GetString(0)} {reader.GetInt64(1)} {reader.GetInt64(2)} {reader.GetInt16(3)} {Money.Normalize(reader.GetDecimal(4))}");
                }

                stored.Sort(StringComparer.Ordinal);
                last = $"{finished.Count} finished in the journals, {stored.Count} stored, first difference: " +
                    (finished.Except(stored).FirstOrDefault() ?? stored.Except(finished).FirstOrDefault() ?? "none");
                return finished.SequenceEqual(stored);
            }, TimeSpan.FromSeconds(1));
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} {last}", ex);
        }
    }

}
