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
        var filled = Order(m1, 1) with { FilledQuantity = 1_000, FilledNotional = 0.3m, Status = 2 };
        var expired = Order(m2, 4) with { CancelledQuantity = 1_000, Status = 4 };

        await Task.WhenAll(archive.StoreAsync([filled]), archive.StoreAsync([expired]));
        await archive.StoreAsync([filled with { ClientOrderId = "replayed" }, Order(m1, 2) with { CancelledQuantity = 1_000, Status = 3 }]);

        Assert.Equal(filled, await Queries.ReadOrderAsync(filled.OrderId, CancellationToken.None));
        Assert.Equal(expired, await Queries.ReadOrderAsync(expired.OrderId, CancellationToken.None));
        Assert.Equal(3, await fixture.Database.ScalarAsync<long>($"SELECT count(*) FROM orders WHERE market_id IN ('{m1}', '{m2}')"));
    }

    private static OrderRow Order(string market, long sequence) =>
        new($"{market}.{sequence}", market, sequence, "buyer-1", $"c-{sequence}", Side: 0, Kind: 0, TimeInForce: 0, PriceMicros: 300_000,
            Quantity: 1_000, FilledQuantity: 0, RemainingQuantity: 0, CancelledQuantity: 0, FilledNotional: 0m, Status: 0,
            ClusterId: null, PeriodStart: new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero),
            CreatedAt: new DateTimeOffset(2026, 11, 27, 23, 0, 0, TimeSpan.Zero), UpdatedSequence: sequence + 1);
}
