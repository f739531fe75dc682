using Exchange.Contracts.Markets;
using Exchange.Grains.Tenants;
using Exchange.Markets;
using static Exchange.Grains.Tests.Markets.MarketFixtures;

namespace Exchange.Grains.Tests.Risk;

public sealed class TenantOrdersTests
{
    [Fact]
    public void Running_totals_equal_a_recount_after_any_sequence_of_reports()
    {
        var orders = new TenantOrders();
        var random = new Random(11);
        var markets = Enumerable.Range(1, 3).Select(h => new MarketId("chat-70b", Start.AddHours(h))).ToArray();
        var truth = new Dictionary<string, (MarketId Market, OrderSide Side, long Price, long Remaining, long Filled, decimal Notional, bool Pending)>();
        for (var i = 0; i < 5_000; i++)
        {
            var id = $"c{random.Next(300)}";
            var market = markets[random.Next(markets.Length)];
            var side = random.Next(3) == 0 ? OrderSide.Sell : OrderSide.Buy;
            var roll = random.Next(3);
            if (!truth.ContainsKey(id) && roll == 0)
            {
                var quantity = 1_000L * random.Next(1, 10);
                orders.AddPending(id, market, side, 400_000, quantity);
                truth[id] = (market, side, 400_000, quantity, 0, 0m, true);
            }
            else if (truth.TryGetValue(id, out var known) && known.Pending && roll == 1)
            {
                orders.RemovePending(id);
                truth.Remove(id);
            }
            else if (truth.TryGetValue(id, out known))
            {
                var filled = known.Filled + (1_000L * random.Next(0, 2));
                var remaining = Math.Max(0, known.Remaining - (filled - known.Filled) - (1_000L * random.Next(0, 2)));
                var notional = known.Notional + Money.Notional(filled - known.Filled, 390_000);
                orders.Apply(id, known.Market.ToString(), known.Side, OrderKind.Limit, known.Price, known.Market.PeriodStart, remaining, filled, notional);
                truth[id] = (known.Market, known.Side, known.Price, remaining, filled, notional, false);
            }

            var buys = truth.Values.Where(t => t.Side == OrderSide.Buy).ToList();
            var usage = orders.Usage();
            Assert.Equal(buys.Sum(t => Money.Notional(t.Remaining, t.Price)), usage.Reserved);
            Assert.Equal(buys.Sum(t => t.Notional), usage.Spent);
            Assert.Equal(truth.Values.Count(t => t.Remaining > 0), usage.OpenOrders);
            Assert.All(markets, m => Assert.Equal(buys.Where(t => t.Market == m).Sum(t => t.Remaining + t.Filled), orders.TokensFor(m.PeriodStart)));
        }
    }

    [Fact]
    public void An_unanswered_placement_keeps_its_reservation_until_a_state_confirms_it_or_its_lease_runs_out()
    {
        var orders = new TenantOrders();
        var market = new MarketId("chat-70b", Start.AddHours(1));
        orders.AddPending("confirmed", market, OrderSide.Buy, 400_000, 1_000_000);
        orders.AddPending("lost", market, OrderSide.Buy, 400_000, 1_000_000);
        orders.MarkUnanswered("confirmed", Buy("confirmed"), Start);
        orders.MarkUnanswered("lost", Buy("lost"), Start);

        Assert.Equal(0, orders.DropUnconfirmedBefore(Start));
        Assert.Equal(0.80m, orders.Usage().Reserved);
        Assert.Equal(["confirmed", "lost"], orders.UnsettledClientOrderIds().Order());

        orders.Apply("confirmed", market.ToString(), OrderSide.Buy, OrderKind.Limit, 400_000, market.PeriodStart, 1_000_000, 0, 0m);
        Assert.Equal(1, orders.DropUnconfirmedBefore(Start.AddSeconds(1)));

        Assert.Equal((0.40m, 1), (orders.Usage().Reserved, orders.Usage().OpenOrders));
        Assert.Null(orders.MarketOf("lost"));
        Assert.Null(orders.UnansweredRequest("confirmed"));
    }

    [Fact]
    public void A_resent_order_is_on_its_way_again_and_no_lease_drops_it()
    {
        var orders = new TenantOrders();
        var market = new MarketId("chat-70b", Start.AddHours(1));
        orders.AddPending("b1", market, OrderSide.Buy, 400_000, 1_000_000);
        orders.MarkUnanswered("b1", Buy("b1"), Start);

        orders.Resend("b1");

        Assert.Equal(0, orders.DropUnconfirmedBefore(Start.AddHours(1)));
        Assert.Null(orders.UnansweredRequest("b1"));
        Assert.Empty(orders.UnsettledClientOrderIds());
        Assert.Equal(0.40m, orders.Usage().Reserved);
    }

    private static OrderRequest Buy(string clientOrderId) => Bid("buyer", clientOrderId, 0.40m, 1_000_000);
}
