using System.Net;

namespace Exchange.Silo.Tests.Api;

/// <summary>Each principal sees only its own money and deliveries: another's allocation is 404, another's transfers never show.</summary>
[Collection(ApiCollection.Name)]
public sealed class SettlementVisibilityTests(ApiSiloFixture fixture)
{
    [Fact]
    public async Task An_allocations_delivery_is_shown_to_its_buyer_its_provider_and_regulators_and_is_404_to_anyone_else()
    {
        var desk = await fixture.NewDeskAsync();
        await desk.AskAsync("0.40", 1000);
        var allocationId = (await desk.BidAsync("0.40", 1000))["allocations"][0].GetString()!;
        var regulator = await fixture.NewTenantAsync("regulator");
        var otherBuyer = await fixture.NewTenantAsync("buyer");
        var otherProvider = await fixture.NewTenantAsync("provider");

        var seen = (await desk.Buyer.Client.GetAsync($"/v1/allocations/{allocationId}/delivery")).Expect(HttpStatusCode.OK);
        Assert.Equal((allocationId, 1000L, 0L, 1000L), (seen.Str("allocationId"), seen.Long("quantity"), seen.Long("delivered"), seen.Long("remaining")));
        (await desk.Provider.Client.GetAsync($"/v1/allocations/{allocationId}/delivery")).Expect(HttpStatusCode.OK);
        (await regulator.Client.GetAsync($"/v1/allocations/{allocationId}/delivery")).Expect(HttpStatusCode.OK);

        foreach (var stranger in new[] { otherBuyer, otherProvider })
        {
            (await stranger.Client.GetAsync($"/v1/allocations/{allocationId}/delivery")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        }

        foreach (var madeUp in new[] { "nonsense", $"{desk.Market}.a999999", "chat-70b.29990101T0000.a1" })
        {
            (await regulator.Client.GetAsync($"/v1/allocations/{madeUp}/delivery")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        }
    }

    [Fact]
    public async Task Balances_and_statements_hold_only_the_callers_own_transfers()
    {
        var buyer = await fixture.NewTenantAsync("buyer");
        var other = await fixture.NewTenantAsync("buyer");
        var own = (await fixture.Operator.PostAsync($"/v1/tenants/{buyer.Id}/deposits", new { amount = "7.25", reference = "own" }, Parties.Unique("dep")))
            .Expect(HttpStatusCode.Created);
        (await fixture.Operator.PostAsync($"/v1/tenants/{other.Id}/deposits", new { amount = "1000.00", reference = "theirs" }, Parties.Unique("dep")))
            .Expect(HttpStatusCode.Created);
        var month = own["at"].GetDateTimeOffset().ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

        var statement = (await buyer.Client.GetAsync($"/v1/statements?month={month}")).Expect(HttpStatusCode.OK);
        var balances = (await buyer.Client.GetAsync("/v1/balances")).Expect(HttpStatusCode.OK);

        var line = Assert.Single(statement["lines"].EnumerateArray());
        Assert.Equal(("deposit", "7.25", "7.25"), (line.GetProperty("kind").GetString(), line.GetProperty("amount").GetString(), statement.Str("closing")));
        Assert.Equal("7.25", balances.Str("cash"));
        var transfers = (await fixture.Operator.GetAsync($"/v1/ledger/transfers?tenantId={buyer.Id}")).Expect(HttpStatusCode.OK).Items;
        Assert.Equal([line.GetProperty("transferId").GetString()], transfers.Select(t => t.GetProperty("transferId").GetString()));
    }

    [Fact]
    public async Task A_deposit_retried_with_its_key_moves_the_money_once_and_the_key_with_another_body_is_409()
    {
        var buyer = await fixture.NewTenantAsync("buyer");
        var key = Parties.Unique("dep");
        var first = (await fixture.Operator.PostAsync($"/v1/tenants/{buyer.Id}/deposits", new { amount = "3.00", reference = "r" }, key)).Expect(HttpStatusCode.Created);
        var again = (await fixture.Operator.PostAsync($"/v1/tenants/{buyer.Id}/deposits", new { amount = "3.00", reference = "r" }, key)).Expect(HttpStatusCode.OK);

        Assert.Equal(first.Text, again.Text);
        await fixture.StoresNothingAsync(async () =>
            (await fixture.Operator.PostAsync($"/v1/tenants/{buyer.Id}/deposits", new { amount = "4.00", reference = "r" }, key))
                .ExpectProblem(HttpStatusCode.Conflict, "idempotency-key-reused"));
        Assert.Equal("3.00", (await buyer.Client.GetAsync("/v1/balances")).Expect(HttpStatusCode.OK).Str("cash"));
        await fixture.StoresNothingAsync(async () =>
            (await fixture.Operator.PostAsync("/v1/tenants/nobody-here/deposits", new { amount = "1.00", reference = "r" }, Parties.Unique("dep")))
                .ExpectProblem(HttpStatusCode.NotFound, "not-found"));
    }

    [Fact]
    public async Task A_deposit_key_used_again_for_another_tenant_is_409_and_moves_nothing()
    {
        var first = await fixture.NewTenantAsync("buyer");
        var second = await fixture.NewTenantAsync("buyer");
        var key = Parties.Unique("dep");
        (await fixture.Operator.PostAsync($"/v1/tenants/{first.Id}/deposits", new { amount = "5.00", reference = "r" }, key)).Expect(HttpStatusCode.Created);

        await fixture.StoresNothingAsync(async () =>
            (await fixture.Operator.PostAsync($"/v1/tenants/{second.Id}/deposits", new { amount = "5.00", reference = "r" }, key))
                .ExpectProblem(HttpStatusCode.Conflict, "idempotency-key-reused"));
        Assert.Equal("0.00", (await second.Client.GetAsync("/v1/balances")).Expect(HttpStatusCode.OK).Str("cash"));
    }
}
