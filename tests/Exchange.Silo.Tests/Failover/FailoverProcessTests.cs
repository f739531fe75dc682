using System.Diagnostics;
using System.Globalization;
using System.Net;
using Exchange.Silo.Tests.Api;
using Exchange.Silo.Tests.Settlement;
using Exchange.Storage.Settlement;
using Exchange.TestSupport;

namespace Exchange.Silo.Tests.Failover;

/// <summary>
/// A cluster fails during delivery, through real silos on one-minute periods: what it did not deliver lands on another
/// provider's reserve ask under the buyer's constraints, the buyer pays its old price, the failed provider the cover and
/// the penalty, every escrow ends at zero, the regulator sees the lineage and the replacement's province, and a replay of
/// the stored inputs equals the ledger. In the second run the silo that runs the failover is SIGKILLed in the middle of
/// it, and the other silo finishes it: nothing is re-allocated twice and nothing is lost.
/// </summary>
public abstract class FailoverScenario : IAsyncLifetime
{
    private const long Quantity = 10_000_000;

    private TestDatabase _database = null!;
    private SiloProcess _silo = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync("failover", migrate: false);

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        await _database.DisposeAsync();
    }

    private static decimal Usd(ApiResponse response, string name) => SettlementKit.Usd(response, name);

    protected async Task RunAsync(bool killTheFailoverSilo)
    {
        var clusterId = $"failover-{Guid.NewGuid():N}";
        _silo = SettlementKit.Start(_database.ConnectionString, clusterId, 3, "--Failover:RunMilliseconds=100");
        await _silo.WaitReadyAsync();

        // The survivor looks for failovers only every 5 s, so the first silo almost surely runs this one, and dies in it.
        await using var survivor = killTheFailoverSilo ? SettlementKit.Start(_database.ConnectionString, clusterId, 3, "--Failover:RunMilliseconds=5000") : null;
        if (survivor is not null)
        {
            await survivor.WaitReadyAsync();
        }

        var failing = await SettlementKit.TenantAsync(_silo, "hn-compute", "provider", "CN");
        var reserving = await SettlementKit.TenantAsync(_silo, "gd-compute", "provider", "CN");
        var elsewhere = await SettlementKit.TenantAsync(_silo, "gx-compute", "provider", "CN");
        var buyer = await SettlementKit.TenantAsync(_silo, "acme-ai", "buyer", "DE");
        var regulator = await SettlementKit.TenantAsync(_silo, "csrc-watch", "regulator", "CN");
        (await SettlementKit.Operator(_silo).PostAsync("/v1/tenants/acme-ai/deposits", new { amount = "20.00", reference = "wire 1" }, "dep-1")).Expect(HttpStatusCode.Created);
        using var failingKey = await SettlementKit.ClusterAsync(failing, "hn-h100-01");
        using var reserveKey = await SettlementKit.ClusterAsync(reserving, "gd-h100-01", "guangdong");
        (await elsewhere.PostAsync("/v1/clusters", Parties.Cluster("gx-h100-01", region: "guangdong", tier: 1))).Expect(HttpStatusCode.Created);

        // The buyer takes the failing cluster's 0.40 and accepts up to 0.60 for a replacement of tier 2 or better. Two reserve
        // asks rest after the gate: a cheaper tier-1 one the buyer's constraints rule out, and the tier-2 one at 0.50.
        var start = SettlementKit.NextPeriod();
        var market = SettlementKit.Market(start);
        (await failing.PostAsync("/v1/orders", Parties.Ask(market, "hn-h100-01", "0.40", Quantity))).Expect(HttpStatusCode.Created);
        (await reserving.PostAsync("/v1/orders", Reserve(market, "gd-h100-01", "0.50"))).Expect(HttpStatusCode.Created);
        (await elsewhere.PostAsync("/v1/orders", Reserve(market, "gx-h100-01", "0.45"))).Expect(HttpStatusCode.Created);
        var bid = (await buyer.PostAsync("/v1/orders", new
        {
            clientOrderId = "bid-1", marketId = market, side = "buy", price = "0.40", quantity = Quantity, constraints = new { minTier = 2 },
            failover = new { maxPrice = "0.60" },
        })).Expect(HttpStatusCode.Created);
        var parentId = bid["allocations"][0].GetString()!;

        // 2 M delivered, then the provider declares the cluster failed: 8 M are left.
        await SettlementKit.UntilAsync(start.AddSeconds(3));
        (await SettlementKit.SubmitAsync(failing, "hn-h100-01", failingKey, SettlementKit.Reading(parentId, 1, start.AddSeconds(2), 2_000_000, 0, 0, 10, 10)))
            .Expect(HttpStatusCode.OK);
        var failed = Stopwatch.StartNew();
        (await failing.PostAsync("/v1/clusters/hn-h100-01/fail", new { reason = "power loss in hall B" })).Expect(HttpStatusCode.OK);
        if (survivor is not null)
        {
            await Task.Delay(60);
            _silo.Kill();
            (failing, reserving, buyer, regulator) = (failing.To(survivor.Http), reserving.To(survivor.Http), buyer.To(survivor.Http), regulator.To(survivor.Http));
        }

        System.Text.Json.JsonElement child = default;
        await Eventually.HoldsAsync("the remainder to be re-allocated", TimeSpan.FromSeconds(survivor is null ? 10 : 90), async () =>
        {
            var mine = (await buyer.GetAsync("/v1/allocations")).Expect(HttpStatusCode.OK).Items;
            child = mine.FirstOrDefault(a => a.GetProperty("allocationId").GetString() != parentId);
            return child.ValueKind == System.Text.Json.JsonValueKind.Object;
        }, TimeSpan.FromMilliseconds(50));
        var replacedIn = failed.Elapsed;
        var childId = child.GetProperty("allocationId").GetString()!;
        Assert.Equal((parentId, "gd-h100-01", "guangdong", 8_000_000L, "0.50"), (child.GetProperty("parentAllocationId").GetString(),
            child.GetProperty("clusterId").GetString(), child.GetProperty("region").GetString(), child.GetProperty("quantity").GetInt64(),
            child.GetProperty("price").GetString()));
        Assert.True(survivor is not null || replacedIn < TimeSpan.FromSeconds(2), $"re-allocated after {replacedIn}");

        // The replacement delivers it all; everything closes.
        await SettlementKit.UntilAsync(start.AddSeconds(10));
        (await SettlementKit.SubmitAsync(reserving, "gd-h100-01", reserveKey, SettlementKit.Reading(childId, 1, start.AddSeconds(10), 8_000_000, 0, 0, 10, 10)))
            .Expect(HttpStatusCode.OK);
        ApiResponse parent = null!, replacement = null!;
        await Eventually.HoldsAsync("both allocations to close", TimeSpan.FromSeconds(120), async () =>
        {
            parent = (await buyer.GetAsync($"/v1/allocations/{parentId}/delivery")).Expect(HttpStatusCode.OK);
            replacement = (await buyer.GetAsync($"/v1/allocations/{childId}/delivery")).Expect(HttpStatusCode.OK);
            return parent.Str("status") == "closed" && replacement.Str("status") == "closed";
        }, TimeSpan.FromMilliseconds(500));

        Assert.Equal((2_000_000L, 8_000_000L, 0L), (parent.Long("delivered"), parent.Long("reallocated"), parent.Long("remaining")));
        Assert.Equal((8_000_000L, 0L, 4.00m), (replacement.Long("delivered"), replacement.Long("remaining"), Usd(replacement, "charged")));

        // The buyer paid 0.40 for all 10 M (0.80 + 3.20) and got the penalty, 10 % of the 3.20 not delivered: 20 - 4.00 + 0.32.
        Assert.Equal(16.32m, Usd((await buyer.GetAsync("/v1/balances")).Expect(HttpStatusCode.OK), "cash"));

        // The failing provider: 0.80 for its 2 M less the 0.5 % fee, less the cover (8 M × 0.10) and the penalty: it owes.
        Assert.Equal(0.80m - 0.004m - 0.80m - 0.32m, Usd((await failing.GetAsync("/v1/balances")).Expect(HttpStatusCode.OK), "payable"));
        Assert.Equal(4.00m - 0.02m, Usd((await reserving.GetAsync("/v1/balances")).Expect(HttpStatusCode.OK), "payable"));
        var month = start.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var failingLines = (await failing.GetAsync($"/v1/statements?month={month}")).Expect(HttpStatusCode.OK)["lines"].EnumerateArray()
            .Select(l => l.GetProperty("kind").GetString()).ToList();
        Assert.Contains("cover", failingLines);
        Assert.Contains("penalty", failingLines);

        foreach (var id in new[] { parentId, childId })
        {
            Assert.Equal(0m, await _database.ScalarAsync<decimal>($"SELECT balance FROM ledger_accounts WHERE account = '{id}:escrow'"));
        }

        // The regulator follows the tokens from either allocation: the trade, then its replacement, with the cover and the penalty.
        var lineage = (await regulator.GetAsync($"/v1/regulator/allocations/{childId}/lineage")).Expect(HttpStatusCode.OK);
        Assert.Equal(parentId, lineage.Str("root"));
        Assert.Equal([(parentId, (string?)null, "trade", "0.00", "0.32"), (childId, parentId, "failover", "0.80", "0.00")],
            lineage["allocations"].EnumerateArray().Select(a => (a.GetProperty("allocation").GetProperty("allocationId").GetString(),
                a.GetProperty("parentAllocationId").GetString(), a.GetProperty("cause").GetString(), a.GetProperty("cover").GetString(),
                a.GetProperty("penalty").GetString())));
        Assert.Equal(lineage.Text, (await regulator.GetAsync($"/v1/regulator/allocations/{parentId}/lineage")).Expect(HttpStatusCode.OK).Text);
        var life = (await regulator.GetAsync($"/v1/regulator/orders/{bid.Str("orderId")}/lifecycle")).Expect(HttpStatusCode.OK)["events"].EnumerateArray()
            .Select(e => (e.GetProperty("type").GetString(), e.GetProperty("quantity").GetInt64(), e.GetProperty("allocationId").GetString())).ToList();
        Assert.Equal([("accepted", Quantity, (string?)null), ("fill", Quantity, parentId), ("reallocated", 8_000_000L, childId)], life);

        // The regulator counts the 8 M as leaving Guangdong, not Hainan.
        var flows = (await regulator.GetAsync("/v1/regulator/flows?groupBy=region")).Expect(HttpStatusCode.OK).Items
            .ToDictionary(f => f.GetProperty("region").GetString()!, f => f.GetProperty("delivered").GetInt64());
        Assert.Equal((2_000_000L, 8_000_000L), (flows["hainan"], flows["guangdong"]));
        var verify = (await regulator.GetAsync("/v1/regulator/verify")).Expect(HttpStatusCode.OK);
        Assert.True(verify["ok"].GetBoolean(), verify.Text);
        Assert.Equal(0m, await _database.ScalarAsync<decimal>("SELECT sum(balance) FROM ledger_accounts"));
        Assert.Empty(await new SettlementReplay(_database.DataSource).DifferencesAsync(CancellationToken.None));
    }

    private static object Reserve(string market, string clusterId, string price) => new
    {
        clientOrderId = Parties.Unique("reserve"), marketId = market, side = "sell", price, quantity = Quantity, clusterId, reserve = true,
    };
}

/// <summary>The failover of a cluster failing mid-period, on one silo, within the time target.</summary>
public sealed class FailoverProcessTests : FailoverScenario
{
    [Fact]
    public Task A_cluster_failing_mid_period_has_its_remainder_replaced_from_a_reserve_ask_within_2_s_and_the_failed_provider_pays_the_cover_and_the_penalty() =>
        RunAsync(killTheFailoverSilo: false);
}

/// <summary>The same failover, its silo SIGKILLed in the middle of it: another silo finishes it.</summary>
public sealed class FailoverSigkillTests : FailoverScenario
{
    [Fact]
    public Task A_failover_whose_silo_is_killed_midway_is_finished_by_another_silo_and_nothing_is_reallocated_twice_or_lost() =>
        RunAsync(killTheFailoverSilo: true);
}
