using Exchange.Contracts.Markets;
using Exchange.Markets;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Serialization.Cloning;
using static Exchange.Grains.Tests.Markets.MarketFixtures;

namespace Exchange.Grains.Tests.Markets;

/// <summary>
/// The markets library has no Orleans attributes: its records cross grain boundaries through surrogates in Contracts.
/// They must arrive whole between silos, and within a silo pass by reference as they did when they were [Immutable].
/// </summary>
public sealed class MarketRecordSerializationTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer().BuildServiceProvider();

    public void Dispose() => _services.Dispose();

    private static OrderRequest Sell() =>
        Ask("p-hn", "a1", 0.40m, 3_000, policies: ["zdr"]) with { TenantEpoch = 7, Cluster = new SellerCluster("hn-1", "hainan", 2, ["zdr"], 9), Reserve = true };

    private static OrderRequest Buy() =>
        Bid("b-de", "b1", 0.45m, 5_000, regions: ["hainan", "guangdong"], minTier: 2, policies: ["zdr"],
            tif: OrderTimeInForce.Gtd, expiresAt: Start.AddHours(1)) with
        {
            PostOnly = true, TenantEpoch = 3, Failover = new FailoverTerms(true, 650_000), ParentAllocationId = "m.a4",
        };

    [Fact]
    public void An_order_request_arrives_whole_in_another_silo()
    {
        var serializer = _services.GetRequiredService<Serializer>();

        foreach (var request in (OrderRequest[])[Sell(), Buy()])
        {
            var copy = serializer.Deserialize<OrderRequest>(serializer.SerializeToArray(request))!;

            Assert.True(OrderRequestContent.Same(request, copy));
            Assert.Equal((request.TenantEpoch, request.Jurisdiction, request.Cluster?.Epoch), (copy.TenantEpoch, copy.Jurisdiction, copy.Cluster?.Epoch));
            Assert.Equal(request.Cluster?.Region, copy.Cluster?.Region);
            Assert.Equal((request.Reserve, request.Failover, request.ParentAllocationId), (copy.Reserve, copy.Failover, copy.ParentAllocationId));
        }
    }

    [Fact]
    public void An_order_state_arrives_whole_in_another_silo()
    {
        var state = new OrderState("m.1", "b1", "m", "b-de", OrderSide.Buy, OrderKind.Limit, 450_000, 5_000, 2_000, 3_000, 0,
            OrderStatus.PartiallyFilled, OrderTimeInForce.Gtc, Start, null, ["m.a1", "m.a2"], 0.0009m);
        var serializer = _services.GetRequiredService<Serializer>();

        var copy = serializer.Deserialize<OrderState>(serializer.SerializeToArray(state))!;

        Assert.Equal(state with { AllocationIds = [] }, copy with { AllocationIds = [] });
        Assert.Equal(state.AllocationIds, copy.AllocationIds);
    }

    [Fact]
    public void A_refusal_arrives_with_its_code_in_another_silo()
    {
        var serializer = _services.GetRequiredService<Serializer>();

        foreach (var code in Enum.GetValues<RejectCode>())
        {
            var copy = serializer.Deserialize<PlaceOrderResult>(serializer.SerializeToArray(PlaceOrderResult.Rejected(code)))!;

            Assert.Equal(code, copy.RejectReason);
            Assert.Null(copy.Order);
        }
    }

    [Fact]
    public void Within_a_silo_the_records_pass_by_reference()
    {
        var copier = _services.GetRequiredService<DeepCopier>();
        var request = Buy();
        var level = new PriceLevel(450_000, 5_000, 2);

        Assert.Same(request, copier.Copy(request));
        Assert.Same(request.Constraints, copier.Copy(request.Constraints));
        Assert.Same(level, copier.Copy(level));
    }
}
