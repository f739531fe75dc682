using Exchange.Contracts.Markets;
using Exchange.Markets;
using Exchange.Storage.Journal;
using Exchange.TestSupport;
using Orleans.Core.Internal;
using static Exchange.Grains.Tests.Markets.MarketFixtures;

namespace Exchange.Grains.Tests.Markets;

/// <summary>A market grain keeps its reserve book from gate closure to the end of delivery, durably (docs/failover.md).</summary>
[Collection(PostgresClusterCollection.Name)]
public sealed class ReserveMarketGrainTests(PostgresClusterFixture fixture)
{
    private IMarketGrain Market(string id) => fixture.Cluster.GrainFactory.GetGrain<IMarketGrain>(id);

    private MarketJournalStore Journal => new(fixture.Database.DataSource);

    private static OrderRequest Reallocation(string parent, decimal maxPrice, long quantity, int attempt = 1) =>
        Bid("b-de", ReallocationOrders.ClientOrderId(parent, attempt), maxPrice, quantity) with { ParentAllocationId = parent };

    [Fact]
    public async Task A_reallocation_after_gate_closure_takes_a_reserve_ask_and_its_allocation_names_the_parent_through_a_reactivation()
    {
        ManualClock.Shared.Set(Start);
        var id = NewMarketId(hoursAhead: 1);
        var market = Market(id);
        await market.Place(Ask("p-gd", "r1", 0.45m, 10_000, cluster: "gd-1", region: "guangdong") with { Reserve = true });
        await market.Place(Ask("p-hn", "a1", 0.40m, 10_000));

        ManualClock.Shared.Set(Start.AddHours(1).AddMinutes(10));
        var ordinary = await market.Place(Bid("b-us", "b1", 0.90m, 2_000));
        var first = await market.Place(Reallocation($"{id}.a1", 0.50m, 4_000));
        await market.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        var second = await market.Place(Reallocation($"{id}.a2", 0.50m, 4_000));
        var repeated = await market.Place(Reallocation($"{id}.a1", 0.50m, 4_000));

        Assert.Equal(RejectCode.MarketClosed, ordinary.RejectReason);
        Assert.Equal(OrderStatus.Filled, first.Order!.Status);
        Assert.Equal(OrderStatus.Filled, second.Order!.Status);
        Assert.Equal(first.Order.OrderId, repeated.Order!.OrderId);
        var rows = await Journal.ReadAllocationsAsync(id, 0, CancellationToken.None).ToListAsync();
        Assert.Equal([($"{id}.a1", "gd-1", 4_000L), ($"{id}.a2", "gd-1", 4_000L)], rows.Select(r => (r.ParentAllocationId, r.ClusterId, r.Quantity)));
        var prev = AllocationHasher.Genesis.ToArray();
        foreach (var row in rows)
        {
            Assert.Equal(AllocationHasher.Hash(prev, row), row.Hash);
            prev = row.Hash;
        }
    }

    [Fact]
    public async Task The_end_of_delivery_reminder_expires_the_reserve_book()
    {
        ManualClock.Shared.Set(Start);
        var id = NewMarketId(hoursAhead: 1);
        var market = Market(id);
        var reserve = (await market.Place(Ask("p-gd", "r1", 0.45m, 10_000, cluster: "gd-1", region: "guangdong") with { Reserve = true })).Order!;

        // Closed two seconds of business time before delivery ends, so the stored reminder fires two real seconds later;
        // business time has reached the end by then.
        var end = Start.AddHours(1) + Options.Period;
        ManualClock.Shared.Set(end - TimeSpan.FromSeconds(2));
        await market.Close();
        Assert.Equal(OrderStatus.Open, (await market.GetOrder("p-gd", reserve.OrderId))!.Status);
        ManualClock.Shared.Set(end);

        await Eventually.HoldsAsync("the end-of-delivery reminder to expire the reserve ask", TimeSpan.FromSeconds(60), async () =>
            (await market.GetOrder("p-gd", reserve.OrderId))!.Status == OrderStatus.Expired);
        var late = await market.Place(Reallocation($"{id}.a1", 0.50m, 4_000));
        Assert.Equal(RejectCode.MarketClosed, late.RejectReason);
        var journal = await Journal.ReadAsync(id, 0, CancellationToken.None).ToListAsync();
        Assert.Equal(2, journal.Count(e => MarketCommandCodec.Decode(e.Command) is CloseCommand));
    }
}
