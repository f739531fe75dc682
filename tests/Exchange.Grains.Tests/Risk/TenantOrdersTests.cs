using Exchange.Contracts.Markets;
using Exchange.Grains.Tenants;
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
                var notional = known.Notional + Exchange.Storage.Ledger.Money.Notional(filled - known.Filled, 390_000);
                orders.Apply(id, known.Market.ToString(), known.Side, OrderKind.Limit, known.Price, known.Market.PeriodStart, remaining, filled, notional);
                truth[id] = (known.Market, known.Side, known.Price, remaining, filled, notional, false);
            }

            var buys = truth.Values.Where(t => t.Side == OrderSide.Buy).ToList();
            var usage = orders.Usage();
            Assert.Equal(buys.Sum(t => Exchange.Storage.Ledger.Money.Notional(t.Remaining, t.Price)), usage.Reserved);
            Assert.Equal(buys.Sum(t => t.Notional), usage.Spent);
            Assert.Equal(truth.Values.Count(t => t.Remaining > 0), usage.OpenOrders);
            Assert.All(markets, m => Assert.Equal(buys.Where(t => t.Market == m).Sum(t => t.Remaining + t.Filled), orders.TokensFor(m.PeriodStart)));
        }
    }
}
