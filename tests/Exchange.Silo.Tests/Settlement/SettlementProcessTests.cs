using System.Globalization;
using System.Net;
using Exchange.Silo.Tests.Api;
using Exchange.Storage.Settlement;
using Exchange.TestSupport;

namespace Exchange.Silo.Tests.Settlement;

/// <summary>
/// An allocation's whole life through a real silo on one-minute periods and second-scale settlement: traded, funded,
/// metered by signed readings, settled interval by interval with an SLO credit, closed with a refund, its escrow at
/// zero; the provider paid out; and delivery, balances, statements, transfers, flows, verify and a replay from the
/// stored inputs all agreeing with the ledger. Beside it, in the same period, an allocation whose buyer's receipts
/// disagree with the meter: settled on the buyer's count, disputed at close, resolved by an operator.
/// </summary>
public sealed class SettlementProcessTests : IAsyncLifetime
{
    private const long Quantity = 10_000_000;

    private TestDatabase _database = null!;
    private SiloProcess _silo = null!;

    private Api.ApiClient Operator => SettlementKit.Operator(_silo);

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("settle", migrate: false);
        _silo = SettlementKit.Start(_database.ConnectionString, $"settle-{Guid.NewGuid():N}");
        await _silo.WaitReadyAsync();
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        await _database.DisposeAsync();
    }

    private Task<Api.ApiClient> TenantAsync(string id, string kind, string jurisdiction) => SettlementKit.TenantAsync(_silo, id, kind, jurisdiction);

    private static object Reading(string allocationId, long sequence, DateTimeOffset at, long input, long cached, long output, long requests, long met) =>
        SettlementKit.Reading(allocationId, sequence, at, input, cached, output, requests, met);

    private static Task Until(DateTimeOffset moment) => SettlementKit.UntilAsync(moment);

    private static decimal Usd(ApiResponse response, string name) => SettlementKit.Usd(response, name);

    [Fact]
    public async Task An_allocation_is_funded_metered_settled_credited_refunded_and_closed_and_every_view_agrees_with_the_ledger()
    {
        var provider = await TenantAsync("hn-compute", "provider", "CN");
        var buyer = await TenantAsync("acme-ai", "buyer", "DE");
        var regulator = await TenantAsync("csrc-watch", "regulator", "CN");
        var deposit = (await Operator.PostAsync("/v1/tenants/acme-ai/deposits", new { amount = "50.00", reference = "wire 1" }, "dep-1"))
            .Expect(HttpStatusCode.Created);
        var again = (await Operator.PostAsync("/v1/tenants/acme-ai/deposits", new { amount = "50.00", reference = "wire 1" }, "dep-1")).Expect(HttpStatusCode.OK);
        Assert.Equal(deposit.Str("transferId"), again.Str("transferId"));

        var clusterId = "hn-h100-01";
        using var meterKey = await SettlementKit.ClusterAsync(provider, clusterId);

        // The disputed one: another provider and buyer, the same period.
        var disputer = await TenantAsync("globex", "buyer", "US");
        var seller = await TenantAsync("gd-compute", "provider", "CN");
        (await Operator.PostAsync("/v1/tenants/globex/deposits", new { amount = "10.00", reference = "wire 2" }, "dep-2")).Expect(HttpStatusCode.Created);
        using var sellerKey = await SettlementKit.ClusterAsync(seller, "gd-h100-01");

        // Parties first, then the period: only the orders must beat its gate, which may be ten seconds away.
        var start = SettlementKit.NextPeriod();
        var market = SettlementKit.Market(start);
        (await provider.PostAsync("/v1/orders", Parties.Ask(market, clusterId, "0.40", Quantity))).Expect(HttpStatusCode.Created);
        var bid = (await buyer.PostAsync("/v1/orders", Parties.Bid(market, "0.40", Quantity))).Expect(HttpStatusCode.Created);
        var allocationId = bid["allocations"][0].GetString()!;
        (await seller.PostAsync("/v1/orders", Parties.Ask(market, "gd-h100-01", "0.40", Quantity))).Expect(HttpStatusCode.Created);
        var disputedId = (await disputer.PostAsync("/v1/orders", Parties.Bid(market, "0.40", Quantity))).Expect(HttpStatusCode.Created)["allocations"][0].GetString()!;

        // chat-70b weighs input 1, cached input 0.25, output 4. Interval 1 (0-20 s): 2 M input + 0.25 M output = 3 M,
        // every request on time. Interval 2 (20-40 s): 6.1 M cumulative, 80 of 100 requests on time: 50 % back.
        // Interval 3 delivers nothing more; 3.9 M are refunded at the close.
        await Until(start.AddSeconds(5));
        (await SettlementKit.SubmitAsync(provider, clusterId, meterKey, Reading(allocationId, 1, start.AddSeconds(5), 2_000_000, 0, 250_000, 100, 100))).Expect(HttpStatusCode.OK);
        (await SettlementKit.SubmitAsync(seller, "gd-h100-01", sellerKey, Reading(disputedId, 1, start.AddSeconds(5), 2_000_000, 0, 0, 0, 0))).Expect(HttpStatusCode.OK);
        (await disputer.PostAsync($"/v1/allocations/{disputedId}/receipts", SettlementKit.Receipt(1, start.AddSeconds(5), 2_000_000))).Expect(HttpStatusCode.OK);
        await Until(start.AddSeconds(30));
        (await SettlementKit.SubmitAsync(provider, clusterId, meterKey, Reading(allocationId, 2, start.AddSeconds(30), 4_000_000, 400_000, 500_000, 200, 180)))
            .Expect(HttpStatusCode.OK);

        // The meter says 6 M, the buyer 4 M: 2 M apart, beyond max(0.5 %, 10,000), so 4 M settle and 2 M are held.
        (await SettlementKit.SubmitAsync(seller, "gd-h100-01", sellerKey, Reading(disputedId, 2, start.AddSeconds(30), 6_000_000, 0, 0, 0, 0))).Expect(HttpStatusCode.OK);
        var receipt = (await disputer.PostAsync($"/v1/allocations/{disputedId}/receipts", SettlementKit.Receipt(2, start.AddSeconds(30), 4_000_000)))
            .Expect(HttpStatusCode.OK);
        Assert.Equal((1L, 0L), (receipt.Long("accepted"), receipt.Long("duplicates")));

        ApiResponse delivery = null!;
        await Eventually.HoldsAsync("the allocation closes", TimeSpan.FromSeconds(90), async () =>
        {
            delivery = (await buyer.GetAsync($"/v1/allocations/{allocationId}/delivery")).Expect(HttpStatusCode.OK);
            return delivery.Str("status") == "closed";
        }, TimeSpan.FromMilliseconds(500));

        Assert.Equal((6_100_000L, 3_900_000L), (delivery.Long("delivered"), delivery.Long("remaining")));
        Assert.Equal((2.44m, 0.62m, 1.56m), (Usd(delivery, "charged"), Usd(delivery, "credited"), Usd(delivery, "refunded")));
        var intervals = delivery["intervals"].EnumerateArray().ToList();
        Assert.Equal([3_000_000L, 3_100_000L, 0L], intervals.Select(i => i.GetProperty("delivered").GetInt64()));
        Assert.Equal(["1.0000", "0.8000", null], intervals.Select(i => i.GetProperty("sloAttainment").GetString()));
        Assert.Equal(delivery.Text, (await provider.GetAsync($"/v1/allocations/{allocationId}/delivery")).Expect(HttpStatusCode.OK).Text);
        Assert.Equal(delivery.Text, (await regulator.GetAsync($"/v1/allocations/{allocationId}/delivery")).Expect(HttpStatusCode.OK).Text);

        // The disputed allocation closes disputed: 4 M charged (1.60), 4 M never delivered refunded (1.60), 2 M (0.80) in escrow.
        ApiResponse disputed = null!;
        await Eventually.HoldsAsync("the disputed allocation closes", TimeSpan.FromSeconds(30), async () =>
        {
            disputed = (await disputer.GetAsync($"/v1/allocations/{disputedId}/delivery")).Expect(HttpStatusCode.OK);
            return disputed.Str("status") == "disputed";
        }, TimeSpan.FromMilliseconds(500));
        Assert.Equal((1.60m, 1.60m), (Usd(disputed, "charged"), Usd(disputed, "refunded")));
        Assert.Equal((2_000_000L, "open"), (disputed["dispute"].GetProperty("disputed").GetInt64(), disputed["dispute"].GetProperty("status").GetString()));
        Assert.Equal(["settled", "disputed", "disputed"], disputed["intervals"].EnumerateArray().Select(i => i.GetProperty("status").GetString()));
        Assert.Equal(0.80m, await _database.ScalarAsync<decimal>($"SELECT balance FROM ledger_accounts WHERE account = '{disputedId}:escrow'"));
        (await disputer.PostAsync($"/v1/allocations/{disputedId}/receipts", SettlementKit.Receipt(3, start.AddSeconds(55), 6_000_000)))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "delivery-closed");

        // An operator finds 0.5 M of the 2 M delivered: charged 0.20, the other 1.5 M refunded (0.60); a retry is the same answer.
        var resolution = new { awarded = 500_000, reason = "request logs" };
        (await Operator.PostAsync($"/v1/allocations/{disputedId}/dispute/resolve", new { awarded = 2_000_001 }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "award-exceeds-dispute");
        var resolved = (await Operator.PostAsync($"/v1/allocations/{disputedId}/dispute/resolve", resolution)).Expect(HttpStatusCode.OK);
        Assert.Equal(resolved.Text, (await Operator.PostAsync($"/v1/allocations/{disputedId}/dispute/resolve", resolution)).Expect(HttpStatusCode.OK).Text);
        (await Operator.PostAsync($"/v1/allocations/{disputedId}/dispute/resolve", new { awarded = 0 })).ExpectProblem(HttpStatusCode.Conflict, "dispute-ended");
        (await Operator.PostAsync($"/v1/allocations/{allocationId}/dispute/resolve", new { awarded = 0 })).ExpectProblem(HttpStatusCode.Conflict, "not-disputed");
        Assert.Equal(("closed", "resolved", 500_000L), (resolved.Str("status"), resolved["dispute"].GetProperty("status").GetString(),
            resolved["dispute"].GetProperty("awarded").GetInt64()));
        Assert.Equal((1.80m, 2.20m), (Usd(resolved, "charged"), Usd(resolved, "refunded")));
        Assert.Equal(0m, await _database.ScalarAsync<decimal>($"SELECT balance FROM ledger_accounts WHERE account = '{disputedId}:escrow'"));
        var disputerLines = (await disputer.GetAsync($"/v1/statements?month={start.ToString("yyyy-MM", CultureInfo.InvariantCulture)}")).Expect(HttpStatusCode.OK)["lines"]
            .EnumerateArray().Select(l => l.GetProperty("kind").GetString()).ToList();
        Assert.Equal(["deposit", "escrow", "refund", "dispute"], disputerLines);

        // Buyer: 50 deposited, 4.00 into escrow, 0.62 credited and 1.56 refunded back; the escrow is empty.
        var buyerBalances = (await buyer.GetAsync("/v1/balances")).Expect(HttpStatusCode.OK);
        Assert.Equal((48.18m, 0m, 0m), (Usd(buyerBalances, "cash"), Usd(buyerBalances, "escrow"), Usd(buyerBalances, "held")));
        Assert.Equal(0m, await _database.ScalarAsync<decimal>($"SELECT balance FROM ledger_accounts WHERE account = '{allocationId}:escrow'"));

        // Provider: 2.44 charged less the 0.5 % fee, less the credit; paid out once, however often the request is sent.
        var payable = Usd((await provider.GetAsync("/v1/balances")).Expect(HttpStatusCode.OK), "payable");
        Assert.Equal(2.44m - 0.0122m - 0.62m, payable);
        (await Operator.PostAsync("/v1/tenants/hn-compute/payouts", new { amount = "0.01", reference = "too much" }, "pay-0"))
            .Expect(HttpStatusCode.Created);
        (await Operator.PostAsync("/v1/tenants/hn-compute/payouts", new { amount = "1.8", reference = "too much" }, "pay-1"))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "insufficient-funds");
        (await Operator.PostAsync("/v1/tenants/hn-compute/payouts", new { amount = "1.7978", reference = "december" }, "pay-2")).Expect(HttpStatusCode.Created);
        (await Operator.PostAsync("/v1/tenants/hn-compute/payouts", new { amount = "1.7978", reference = "december" }, "pay-2")).Expect(HttpStatusCode.OK);
        Assert.Equal(0m, Usd((await provider.GetAsync("/v1/balances")).Expect(HttpStatusCode.OK), "payable"));

        // The buyer's statement: opening + lines = closing = its cash; every transfer named, in JSON and in CSV.
        var month = start.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var statement = (await buyer.GetAsync($"/v1/statements?month={month}")).Expect(HttpStatusCode.OK);
        var lines = statement["lines"].EnumerateArray().ToList();
        Assert.Equal(["deposit", "escrow", "slo-credit", "refund"], lines.Select(l => l.GetProperty("kind").GetString()));
        Assert.Equal(Usd(statement, "closing"), Usd(statement, "opening") + lines.Sum(l => decimal.Parse(l.GetProperty("amount").GetString()!, CultureInfo.InvariantCulture)));
        Assert.Equal(48.18m, Usd(statement, "closing"));
        var csv = (await buyer.GetAsync($"/v1/statements?month={month}&format=csv")).Expect(HttpStatusCode.OK).Text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(lines.Count + 3, csv.Length);
        Assert.All(lines, l => Assert.Contains(csv, row => row.StartsWith(l.GetProperty("transferId").GetString() + ",", StringComparison.Ordinal)));
        Assert.EndsWith(",closing,,,48.18", csv[^1], StringComparison.Ordinal);

        // Regulators: the transfers of the allocation, the export flows, and a chain that verifies.
        var transfers = (await regulator.GetAsync($"/v1/ledger/transfers?allocationId={allocationId}")).Expect(HttpStatusCode.OK).Items;
        Assert.Equal(["escrow", "charge", "fee", "charge", "fee", "slo-credit", "refund"], transfers.Select(t => t.GetProperty("kind").GetString()));
        var flows = (await regulator.GetAsync("/v1/regulator/flows?groupBy=region,jurisdiction,model")).Expect(HttpStatusCode.OK).Items;
        var flow = Assert.Single(flows, f => f.GetProperty("jurisdiction").GetString() == "DE");
        var award = Assert.Single(flows, f => f.GetProperty("jurisdiction").GetString() == "US");
        Assert.Equal((4_500_000L, "1.80", "2.20"), (award.GetProperty("delivered").GetInt64(), award.GetProperty("charged").GetString(),
            award.GetProperty("refunded").GetString()));
        Assert.Equal(("hainan", "DE", "chat-70b", 6_100_000L), (flow.GetProperty("region").GetString(), flow.GetProperty("jurisdiction").GetString(),
            flow.GetProperty("model").GetString(), flow.GetProperty("delivered").GetInt64()));
        Assert.Equal("2.44", flow.GetProperty("charged").GetString());
        var verify = (await regulator.GetAsync("/v1/regulator/verify")).Expect(HttpStatusCode.OK);
        Assert.True(verify["ok"].GetBoolean(), verify.Text);
        Assert.Equal(await _database.ScalarAsync<long>("SELECT count(*) FROM ledger_transfers"), verify["transfers"].GetProperty("checked").GetInt64());

        Assert.Equal(0m, await _database.ScalarAsync<decimal>("SELECT sum(balance) FROM ledger_accounts"));
        Assert.Empty(await new SettlementReplay(_database.DataSource).DifferencesAsync(CancellationToken.None));

        // An edited transfer turns verify red and names it.
        await _database.ScalarAsync<long>($"UPDATE ledger_transfers SET amount = amount + 1 WHERE transfer_id = '{allocationId}.refund' RETURNING 1");
        var broken = (await regulator.GetAsync("/v1/regulator/verify")).Expect(HttpStatusCode.OK);
        Assert.False(broken["ok"].GetBoolean());
        Assert.Equal($"{allocationId}.refund", broken["transfers"].GetProperty("transferId").GetString());
    }
}
