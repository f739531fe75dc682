using System.Net;
using System.Text.Json;

namespace Exchange.Silo.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class TenantEndpointTests(ApiSiloFixture fixture)
{
    [Fact]
    public async Task Creating_a_tenant_answers_201_with_the_default_quota_and_no_usage()
    {
        var id = Parties.Unique("acme");

        var created = (await fixture.Operator.PostAsync("/v1/tenants", new { id, kind = "buyer", name = "Acme AI GmbH", jurisdiction = "DE" }))
            .Expect(HttpStatusCode.Created);
        var read = (await fixture.Operator.GetAsync($"/v1/tenants/{id}")).Expect(HttpStatusCode.OK);

        Assert.Equal($"/v1/tenants/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal(id, created.Str("id"));
        Assert.Equal("buyer", created.Str("kind"));
        Assert.Equal("Acme AI GmbH", created.Str("name"));
        Assert.Equal("DE", created.Str("jurisdiction"));
        var quota = created["quota"];
        Assert.Equal("10000.00", quota.GetProperty("creditLimit").GetString());
        Assert.Equal(10_000_000_000, quota.GetProperty("maxTokensPerPeriod").GetInt64());
        Assert.Equal(1000, quota.GetProperty("maxOpenOrders").GetInt32());
        Assert.Equal(100, quota.GetProperty("ordersPerSecond").GetInt32());
        Assert.Equal("active", quota.GetProperty("status").GetString());
        Assert.Equal("""{"reserved":"0.00","spent":"0.00","openOrders":0}""", created["usage"].GetRawText());
        Assert.Equal(created.Text, read.Text);
    }

    [Fact]
    public async Task A_tenant_shows_what_its_open_bids_reserve()
    {
        var buyer = await fixture.NewTenantAsync("buyer");
        await buyer.PlaceAsync(Parties.Bid(fixture.QuietMarket, "0.10", 2_000_000));

        var tenant = (await fixture.Operator.GetAsync($"/v1/tenants/{buyer.Id}")).Expect(HttpStatusCode.OK);

        Assert.Equal("""{"reserved":"0.20","spent":"0.00","openOrders":1}""", tenant["usage"].GetRawText());
    }

    [Fact]
    public async Task Setting_a_quota_replaces_it_and_the_tenant_shows_it()
    {
        var buyer = await fixture.NewTenantAsync("buyer");
        var quota = new { creditLimit = "250.5", maxTokensPerPeriod = 5_000_000, maxOpenOrders = 7, ordersPerSecond = 3, status = "suspended" };

        var set = (await fixture.Operator.PutAsync($"/v1/tenants/{buyer.Id}/quota", quota)).Expect(HttpStatusCode.OK);
        var tenant = (await fixture.Operator.GetAsync($"/v1/tenants/{buyer.Id}")).Expect(HttpStatusCode.OK);

        const string Expected = """{"creditLimit":"250.50","maxTokensPerPeriod":5000000,"maxOpenOrders":7,"ordersPerSecond":3,"status":"suspended"}""";
        Assert.Equal(Expected, set.Text);
        Assert.Equal(Expected, tenant["quota"].GetRawText());
    }

    [Fact]
    public async Task Keys_are_shown_once_listed_without_secrets_and_every_call_makes_a_new_one()
    {
        var provider = await fixture.NewTenantAsync("provider");

        var first = (await fixture.Operator.PostAsync($"/v1/tenants/{provider.Id}/keys")).Expect(HttpStatusCode.Created);
        var second = (await fixture.Operator.PostAsync($"/v1/tenants/{provider.Id}/keys")).Expect(HttpStatusCode.Created);
        var list = (await fixture.Operator.GetAsync($"/v1/tenants/{provider.Id}/keys")).Expect(HttpStatusCode.OK);

        Assert.NotEqual(first.Str("key"), second.Str("key"));
        Assert.Equal("provider", first.Str("role"));
        Assert.Equal(provider.Id, first.Str("tenantId"));
        Assert.StartsWith($"tox_{first.Str("keyId")}.", first.Str("key"), StringComparison.Ordinal);
        Assert.Equal([provider.KeyId, first.Str("keyId"), second.Str("keyId")], list.Items.Select(k => k.GetProperty("keyId").GetString()));
        Assert.All(list.Items, k =>
        {
            Assert.Equal(["keyId", "tenantId", "role", "createdAt", "revokedAt"], k.EnumerateObject().Select(p => p.Name));
            Assert.Equal(JsonValueKind.Null, k.GetProperty("revokedAt").ValueKind);
        });
        Assert.DoesNotContain(first.Str("key"), list.Text, StringComparison.Ordinal);
        (await fixture.Client($"Bearer {second.Str("key")}").GetAsync("/v1/me")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_revoked_key_is_401_at_once_while_the_tenants_other_keys_keep_working()
    {
        var buyer = await fixture.NewTenantAsync("buyer");
        var (keyId, key) = await fixture.NewKeyAsync(buyer.Id);
        var revokedKey = fixture.Client($"Bearer {key}");
        (await revokedKey.GetAsync("/v1/me")).Expect(HttpStatusCode.OK);

        var revoked = (await fixture.Operator.DeleteAsync($"/v1/tenants/{buyer.Id}/keys/{keyId}")).Expect(HttpStatusCode.OK);
        var again = (await fixture.Operator.DeleteAsync($"/v1/tenants/{buyer.Id}/keys/{keyId}")).Expect(HttpStatusCode.OK);

        Assert.Equal(keyId, revoked.Str("keyId"));
        Assert.NotEqual(JsonValueKind.Null, revoked["revokedAt"].ValueKind);
        Assert.Equal(revoked.Text, again.Text);
        (await revokedKey.GetAsync("/v1/me")).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
        (await buyer.Client.GetAsync("/v1/me")).Expect(HttpStatusCode.OK);
        var listed = (await fixture.Operator.GetAsync($"/v1/tenants/{buyer.Id}/keys")).Expect(HttpStatusCode.OK);
        Assert.Equal(revoked["revokedAt"].GetRawText(), listed.Items.Single(k => k.GetProperty("keyId").GetString() == keyId).GetProperty("revokedAt").GetRawText());
    }

    [Fact]
    public async Task Revoking_a_key_under_another_tenants_id_is_404_and_the_key_keeps_working()
    {
        var buyer = await fixture.NewTenantAsync("buyer");
        var other = await fixture.NewTenantAsync("buyer");

        (await fixture.Operator.DeleteAsync($"/v1/tenants/{other.Id}/keys/{buyer.KeyId}")).ExpectProblem(HttpStatusCode.NotFound, "not-found");

        (await buyer.Client.GetAsync("/v1/me")).Expect(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("buyer", "US")]
    [InlineData("provider", "CN")]
    [InlineData("regulator", "SG")]
    public async Task Me_answers_the_callers_own_tenant(string kind, string jurisdiction)
    {
        var party = await fixture.NewTenantAsync(kind, jurisdiction);

        var me = (await party.Client.GetAsync("/v1/me")).Expect(HttpStatusCode.OK);

        Assert.Equal(party.Id, me.Str("id"));
        Assert.Equal(kind, me.Str("kind"));
        Assert.Equal(jurisdiction, me.Str("jurisdiction"));
        Assert.Equal("active", me["quota"].GetProperty("status").GetString());
        Assert.Equal("0.00", me["usage"].GetProperty("spent").GetString());
    }

    [Theory]
    [InlineData("GET", "/v1/tenants/{id}")]
    [InlineData("PUT", "/v1/tenants/{id}/quota")]
    [InlineData("POST", "/v1/tenants/{id}/keys")]
    [InlineData("GET", "/v1/tenants/{id}/keys")]
    [InlineData("DELETE", "/v1/tenants/{id}/keys/0123456789abcdef")]
    [InlineData("GET", "/v1/tenants/NOT_AN_ID")]
    public async Task An_unknown_tenant_is_404_and_nothing_is_stored(string method, string path)
    {
        var quota = new { creditLimit = "1.00", maxTokensPerPeriod = 1000, maxOpenOrders = 1, ordersPerSecond = 1, status = "active" };

        await fixture.StoresNothingAsync(async () =>
            (await fixture.Operator.SendAsync(new HttpMethod(method), path.Replace("{id}", Parties.Unique("nobody"), StringComparison.Ordinal),
                method == "PUT" ? quota : null)).ExpectProblem(HttpStatusCode.NotFound, "not-found"));
    }

    [Fact]
    public async Task A_tenant_id_taken_with_other_details_is_409_and_the_tenant_is_unchanged()
    {
        var buyer = await fixture.NewTenantAsync("buyer");

        await fixture.StoresNothingAsync(async () =>
            (await fixture.Operator.PostAsync("/v1/tenants", new { id = buyer.Id, kind = "buyer", name = "Someone else", jurisdiction = "FR" }))
                .ExpectProblem(HttpStatusCode.Conflict, "already-exists"));

        Assert.Equal("DE", (await buyer.Client.GetAsync("/v1/me")).Str("jurisdiction"));
    }
}
