using Exchange.Storage.Orders;
using Exchange.TestSupport;

namespace Exchange.Storage.Tests;

public sealed class OrderArchiveTests(MigratedDatabaseFixture fixture) : IClassFixture<MigratedDatabaseFixture>
{
    private OrderQueries Queries => new(fixture.Database.DataSource);

    [Fact]
    public async Task Finished_orders_of_many_markets_are_stored_together_and_one_stored_again_keeps_its_first_row()
    {
        await using var archive = new OrderArchive(fixture.Database.DataSource);
        var (m1, m2) = ($"chat-70b.{Guid.NewGuid():N}", $"chat-70b.{Guid.NewGuid():N}");
        var filled = Order(m1, 1) with { FilledQuantity = 1_000, FilledNotional = 0.3m, Status = 2, AllocationIds = [$"{m1}.a1", $"{m1}.a7"] };
        var expired = Order(m2, 4) with { CancelledQuantity = 1_000, Status = 4 };

        await Task.WhenAll(archive.StoreAsync([filled]), archive.StoreAsync([expired]));
        await archive.StoreAsync([filled with { ClientOrderId = "replayed" }, Order(m1, 2) with { CancelledQuantity = 1_000, Status = 3 }]);

        AssertStored(filled, await Queries.ReadOrderAsync(filled.OrderId, CancellationToken.None));
        AssertStored(expired, await Queries.ReadOrderAsync(expired.OrderId, CancellationToken.None));
        Assert.Equal(3, await fixture.Database.ScalarAsync<long>($"SELECT count(*) FROM orders WHERE market_id IN ('{m1}', '{m2}')"));
    }

    [Fact]
    public async Task Each_stored_buy_adds_its_fills_to_its_tenants_spend_in_its_market_once_and_sells_add_nothing()
    {
        await using var archive = new OrderArchive(fixture.Database.DataSource);
        var market = $"chat-70b.{Guid.NewGuid():N}";
        var tenant = $"buyer-{Guid.NewGuid():N}";
        var first = Order(market, 1) with { TenantId = tenant, FilledQuantity = 1_000, FilledNotional = 0.3m, Status = 2 };
        var second = Order(market, 2) with { TenantId = tenant, FilledQuantity = 1_000, FilledNotional = 0.25m, Status = 2 };
        var sell = Order(market, 3) with { TenantId = tenant, Side = 1, FilledQuantity = 1_000, FilledNotional = 5m, Status = 2 };

        await archive.StoreAsync([first, sell]);
        await archive.StoreAsync([first, second]);

        Assert.Equal(0.55m, await Queries.ReadTenantSpendOutsideAsync(tenant, [], CancellationToken.None));
        Assert.Equal(0m, await Queries.ReadTenantSpendOutsideAsync(tenant, [market], CancellationToken.None));
    }

    [Fact]
    public async Task A_reallocation_buy_spends_its_parents_escrow_and_adds_nothing_to_its_buyers_spend()
    {
        await using var archive = new OrderArchive(fixture.Database.DataSource);
        var market = $"chat-70b.{Guid.NewGuid():N}";
        var tenant = $"buyer-{Guid.NewGuid():N}";
        var bought = Order(market, 1) with { TenantId = tenant, FilledQuantity = 1_000, FilledNotional = 0.3m, Status = 2 };
        var replacement = Order(market, 9) with
        {
            TenantId = tenant, ClientOrderId = Markets.ReallocationOrders.ClientOrderId($"{market}.a1", 1), FilledQuantity = 1_000, FilledNotional = 0.45m,
            Status = 2,
        };

        await archive.StoreAsync([bought, replacement]);

        Assert.Equal(0.3m, await Queries.ReadTenantSpendOutsideAsync(tenant, [], CancellationToken.None));
    }

    [Fact]
    public async Task A_stored_order_keeps_its_allocation_ids_whatever_characters_they_hold()
    {
        await using var archive = new OrderArchive(fixture.Database.DataSource);
        var market = $"chat-70b.{Guid.NewGuid():N}";
        string[] odd = ["a,b", "quote\"d", "back\\slash", "{brace}", " spaced ", "NULL", ""];
        var order = Order(market, 1) with { FilledQuantity = 1_000, FilledNotional = 0.3m, Status = 2, AllocationIds = odd };

        await archive.StoreAsync([order]);

        Assert.Equal(odd, (await Queries.ReadOrderAsync(order.OrderId, CancellationToken.None))!.AllocationIds);
    }

    // Records compare lists by reference: the ids are compared by content, the rest as a record.
    private static void AssertStored(OrderRow expected, OrderRow? stored)
    {
        Assert.NotNull(stored);
        Assert.Equal(expected.AllocationIds, stored.AllocationIds);
        Assert.Equal(expected, stored with { AllocationIds = expected.AllocationIds });
    }

    private static OrderRow Order(string market, long sequence) =>
        new($"{market}.{sequence}", market, sequence, "buyer-1", $"c-{sequence}", Side: 0, Kind: 0, TimeInForce: 0, PriceMicros: 300_000,
            Quantity: 1_000, FilledQuantity: 0, RemainingQuantity: 0, CancelledQuantity: 0, FilledNotional: 0m, Status: 0,
            ClusterId: null, PeriodStart: new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero),
            CreatedAt: new DateTimeOffset(2026, 11, 27, 23, 0, 0, TimeSpan.Zero), UpdatedSequence: sequence + 1, AllocationIds: []);
}
