using Exchange.Contracts.Markets;
using Exchange.Markets;
using Exchange.TestSupport;
using static Exchange.Grains.Tests.Markets.MarketFixtures;

namespace Exchange.Grains.Tests.Markets;

/// <summary>
/// A client order id repeated with other content is refused the same way whether the first order still rests in the
/// market's memory or finished and went to the order store: "is this retry the same request?" has one answer.
/// </summary>
[Collection(PostgresClusterCollection.Name)]
public sealed class SameRequestTests(PostgresClusterFixture fixture)
{
    public static TheoryData<string, bool> Changes() => new()
    {
        { "price", false }, { "price", true },
        { "larger quantity", false }, { "larger quantity", true },
        { "smaller quantity", false }, { "smaller quantity", true },
        { "regions", false }, { "regions", true },
        { "minimum tier", false }, { "minimum tier", true },
        { "data policies", false }, { "data policies", true },
        { "expiry", false }, { "expiry", true },
        { "post-only", false }, { "post-only", true },
        { "time in force", false }, { "time in force", true },
    };

    private static OrderRequest First(string clientOrderId) =>
        Bid("b-de", clientOrderId, 0.40m, 5_000, regions: ["hainan"], minTier: 1, policies: ["zdr"],
            tif: OrderTimeInForce.Gtd, expiresAt: Start.AddHours(2));

    private static OrderRequest Changed(OrderRequest first, string change) => change switch
    {
        "price" => first with { PriceMicros = first.PriceMicros + 10_000 },
        "larger quantity" => first with { Quantity = first.Quantity + 1_000 },
        "smaller quantity" => first with { Quantity = first.Quantity - 1_000 },
        "regions" => first with { Constraints = first.Constraints! with { Regions = ["guangdong"] } },
        "minimum tier" => first with { Constraints = first.Constraints! with { MinTier = 2 } },
        "data policies" => first with { Constraints = first.Constraints! with { DataPolicies = [] } },
        "expiry" => first with { ExpiresAt = first.ExpiresAt!.Value.AddMinutes(1) },
        "post-only" => first with { PostOnly = true },
        "time in force" => first with { TimeInForce = OrderTimeInForce.Gtc, ExpiresAt = null },
        _ => throw new ArgumentOutOfRangeException(nameof(change), change, null),
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task A_retry_with_other_content_is_refused_whether_the_order_is_live_or_archived(string change, bool archived)
    {
        ManualClock.Shared.Set(Start);
        var market = fixture.Cluster.GrainFactory.GetGrain<IMarketGrain>(NewMarketId());
        var first = First("b1");
        var placed = (await market.Place(first)).Order!;
        if (archived)
        {
            await market.Cancel("b-de", placed.OrderId);
            await LeftMemory(market);
        }

        var retried = await market.Place(Changed(first, change));
        var same = await market.Place(first);

        Assert.Equal(RejectCode.DuplicateClientOrderId, retried.RejectReason);
        Assert.True(same.Repeated);
        Assert.Equal(placed.OrderId, same.Order!.OrderId);
    }

    [Fact]
    public async Task A_retry_of_a_reduced_order_that_finished_is_still_the_same_request()
    {
        ManualClock.Shared.Set(Start);
        var market = fixture.Cluster.GrainFactory.GetGrain<IMarketGrain>(NewMarketId());
        var first = First("b1");
        var placed = (await market.Place(first)).Order!;
        await market.Reduce("b-de", placed.OrderId, 3_000);
        await market.Cancel("b-de", placed.OrderId);
        await LeftMemory(market);

        var same = await market.Place(first);

        Assert.True(same.Repeated);
        Assert.Equal(3_000, same.Order!.Quantity);
    }

    private static Task LeftMemory(IMarketGrain market) =>
        Eventually.HoldsAsync("the finished order to leave the market's memory for the order store", TimeSpan.FromSeconds(10),
            async () => (await market.HoldingsOf("b-de")).Orders.Count == 0, TimeSpan.FromMilliseconds(20));
}
