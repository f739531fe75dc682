using System.Net;

namespace Exchange.Silo.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class ClusterEndpointTests(ApiSiloFixture fixture)
{
    [Fact]
    public async Task Registering_a_cluster_answers_201_with_the_cluster_online()
    {
        var provider = await fixture.NewTenantAsync("provider", "CN");
        var clusterId = Parties.Unique("hn");
        var body = new
        {
            clusterId,
            region = "hainan",
            accelerator = "H100",
            gpuCount = 64,
            tier = 2,
            models = new[] { new { model = "chat-70b", tokensPerSecond = 40_000 } },
            dataPolicies = new[] { "zdr", "no-training" },
        };

        var created = (await provider.Client.PostAsync("/v1/clusters", body)).Expect(HttpStatusCode.Created);

        Assert.Equal($"/v1/clusters/{clusterId}", created.Headers.Location?.OriginalString);
        Assert.Equal(clusterId, created.Str("clusterId"));
        Assert.Equal(provider.Id, created.Str("providerId"));
        Assert.Equal("hainan", created.Str("region"));
        Assert.Equal("H100", created.Str("accelerator"));
        Assert.Equal(64, created["gpuCount"].GetInt32());
        Assert.Equal(2, created["tier"].GetInt32());
        Assert.Equal("""[{"model":"chat-70b","tokensPerSecond":40000}]""", created["models"].GetRawText());
        Assert.Equal("""["zdr","no-training"]""", created["dataPolicies"].GetRawText());
        Assert.Equal("online", created.Str("status"));
        Assert.True(created["lastHeartbeat"].GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-1));
        Assert.Empty(created["capacity"].EnumerateArray());
    }

    [Fact]
    public async Task A_cluster_shows_capacity_offered_and_allocated_per_period()
    {
        var desk = await fixture.NewDeskAsync(tokensPerSecond: 10);
        await desk.AskAsync("0.50", 20_000);
        await desk.BidAsync("0.50", 5000);

        var cluster = (await desk.Provider.Client.GetAsync($"/v1/clusters/{desk.ClusterId}")).Expect(HttpStatusCode.OK);

        var marketInfo = (await desk.Provider.Client.GetAsync("/v1/markets?limit=1000")).Items.Single(m => m.GetProperty("marketId").GetString() == desk.Market);
        var period = Assert.Single(cluster["capacity"].EnumerateArray());
        Assert.Equal(marketInfo.GetProperty("periodStart").GetDateTimeOffset(), period.GetProperty("periodStart").GetDateTimeOffset());
        Assert.Equal(marketInfo.GetProperty("model").GetString(), period.GetProperty("model").GetString());
        Assert.Equal(10 * 3600, period.GetProperty("capacity").GetInt64());
        Assert.Equal(15_000, period.GetProperty("offered").GetInt64());
        Assert.Equal(5000, period.GetProperty("allocated").GetInt64());
    }

    [Fact]
    public async Task A_provider_lists_only_its_own_clusters_in_registration_order_page_by_page()
    {
        var provider = await fixture.NewTenantAsync("provider");
        var other = await fixture.NewTenantAsync("provider");
        await other.NewClusterAsync();
        var ids = new[] { await provider.NewClusterAsync("hainan"), await provider.NewClusterAsync("guangdong"), await provider.NewClusterAsync("hainan") };

        var all = (await provider.Client.GetAsync("/v1/clusters")).Expect(HttpStatusCode.OK);
        var first = (await provider.Client.GetAsync("/v1/clusters?limit=2")).Expect(HttpStatusCode.OK);
        var rest = (await provider.Client.GetAsync($"/v1/clusters?limit=2&cursor={first.Str("nextCursor")}")).Expect(HttpStatusCode.OK);

        Assert.Equal(ids, all.Items.Select(c => c.GetProperty("clusterId").GetString()));
        Assert.All(all.Items, c => Assert.Equal(provider.Id, c.GetProperty("providerId").GetString()));
        Assert.Equal(ids, first.Items.Concat(rest.Items).Select(c => c.GetProperty("clusterId").GetString()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, rest["nextCursor"].ValueKind);
    }

    [Fact]
    public async Task A_healthy_heartbeat_keeps_the_cluster_online()
    {
        var provider = await fixture.NewTenantAsync("provider");
        var clusterId = await provider.NewClusterAsync();
        var registered = (await provider.Client.GetAsync($"/v1/clusters/{clusterId}")).Expect(HttpStatusCode.OK);

        var beat = (await provider.Client.PostAsync($"/v1/clusters/{clusterId}/heartbeat", new { healthy = true })).Expect(HttpStatusCode.OK);

        Assert.Equal("online", beat.Str("status"));
        Assert.True(beat["lastHeartbeat"].GetDateTimeOffset() >= registered["lastHeartbeat"].GetDateTimeOffset());
    }

    [Fact]
    public async Task An_unhealthy_heartbeat_takes_the_cluster_offline_and_cancels_its_open_asks()
    {
        var market = fixture.NextMarket();
        var provider = await fixture.NewTenantAsync("provider");
        var clusterId = await provider.NewClusterAsync();
        var ask = await provider.PlaceAsync(Parties.Ask(market, clusterId, "0.90", 4000));

        var beat = (await provider.Client.PostAsync($"/v1/clusters/{clusterId}/heartbeat", new { healthy = false })).Expect(HttpStatusCode.OK);

        Assert.Equal("offline", beat.Str("status"));
        var cancelled = (await provider.Client.GetAsync($"/v1/orders/{ask.Str("orderId")}")).Expect(HttpStatusCode.OK);
        Assert.Equal("cancelled", cancelled.Str("status"));
        Assert.Equal(4000, cancelled.Long("cancelledQuantity"));
        Assert.Equal(0, cancelled.Long("remainingQuantity"));
        (await provider.Client.PostAsync("/v1/orders", Parties.Ask(market, clusterId, "0.90", 1000))).ExpectProblem(HttpStatusCode.UnprocessableEntity, "cluster-offline");
        Assert.Empty((await provider.Client.GetAsync($"/v1/markets/{market}/book")).Expect(HttpStatusCode.OK)["asks"].EnumerateArray());

        var back = (await provider.Client.PostAsync($"/v1/clusters/{clusterId}/heartbeat", new { healthy = true })).Expect(HttpStatusCode.OK);

        Assert.Equal("online", back.Str("status"));
        await provider.PlaceAsync(Parties.Ask(market, clusterId, "0.90", 1000));
    }

    [Fact]
    public async Task A_provider_reading_another_providers_cluster_gets_404()
    {
        var provider = await fixture.NewTenantAsync("provider");
        var other = await fixture.NewTenantAsync("provider");
        var clusterId = await other.NewClusterAsync();

        (await provider.Client.GetAsync($"/v1/clusters/{clusterId}")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        Assert.DoesNotContain(clusterId, (await provider.Client.GetAsync("/v1/clusters")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_heartbeat_on_another_providers_cluster_is_404_as_if_it_did_not_exist_and_changes_nothing()
    {
        var provider = await fixture.NewTenantAsync("provider");
        var other = await fixture.NewTenantAsync("provider");
        var clusterId = await other.NewClusterAsync();

        await fixture.StoresNothingAsync(async () =>
            (await provider.Client.PostAsync($"/v1/clusters/{clusterId}/heartbeat", new { healthy = false })).ExpectProblem(HttpStatusCode.NotFound, "not-found"));

        Assert.Equal("online", (await other.Client.GetAsync($"/v1/clusters/{clusterId}")).Str("status"));
    }

    [Fact]
    public async Task Registering_a_cluster_id_another_provider_owns_is_409_cluster_id_taken_and_changes_nothing()
    {
        var provider = await fixture.NewTenantAsync("provider");
        var other = await fixture.NewTenantAsync("provider");
        var clusterId = await other.NewClusterAsync();

        await fixture.StoresNothingAsync(async () =>
            (await provider.Client.PostAsync("/v1/clusters", Parties.Cluster(clusterId))).ExpectProblem(HttpStatusCode.Conflict, "cluster-id-taken"));

        Assert.Equal(other.Id, (await other.Client.GetAsync($"/v1/clusters/{clusterId}")).Str("providerId"));
        Assert.Empty((await provider.Client.GetAsync("/v1/clusters")).Items);
    }

    [Fact]
    public async Task Registering_an_own_cluster_id_again_with_other_details_is_409()
    {
        var provider = await fixture.NewTenantAsync("provider");
        var clusterId = await provider.NewClusterAsync("hainan");

        await fixture.StoresNothingAsync(async () =>
            (await provider.Client.PostAsync("/v1/clusters", Parties.Cluster(clusterId, "guangdong"))).ExpectProblem(HttpStatusCode.Conflict, "already-exists"));

        Assert.Equal("hainan", (await provider.Client.GetAsync($"/v1/clusters/{clusterId}")).Str("region"));
    }

    [Fact]
    public async Task A_provider_declares_its_cluster_failed_its_asks_are_cancelled_and_it_takes_no_heartbeat_or_offer_any_more()
    {
        var market = fixture.NextMarket();
        var provider = await fixture.NewTenantAsync("provider");
        var clusterId = await provider.NewClusterAsync();
        var ask = await provider.PlaceAsync(Parties.Ask(market, clusterId, "0.90", 4000));

        var failed = (await provider.Client.PostAsync($"/v1/clusters/{clusterId}/fail", new { reason = "power lost in hall B" })).Expect(HttpStatusCode.OK);

        Assert.Equal("failed", failed.Str("status"));
        var change = Assert.Single(failed["health"].EnumerateArray());
        Assert.Equal(("failed", "declared", "power lost in hall B", provider.Id),
            (change.GetProperty("status").GetString(), change.GetProperty("cause").GetString(), change.GetProperty("reason").GetString(), change.GetProperty("declaredBy").GetString()));
        Assert.Equal(change.GetProperty("at").GetDateTimeOffset(), failed["statusSince"].GetDateTimeOffset());
        Assert.Equal("cancelled", (await provider.Client.GetAsync($"/v1/orders/{ask.Str("orderId")}")).Expect(HttpStatusCode.OK).Str("status"));
        await fixture.StoresNothingAsync(async () =>
        {
            (await provider.Client.PostAsync($"/v1/clusters/{clusterId}/heartbeat", new { healthy = true })).ExpectProblem(HttpStatusCode.UnprocessableEntity, "cluster-failed");
            (await provider.Client.PostAsync("/v1/orders", Parties.Ask(market, clusterId, "0.90", 1000))).ExpectProblem(HttpStatusCode.UnprocessableEntity, "cluster-failed");
            var again = (await fixture.Operator.PostAsync($"/v1/clusters/{clusterId}/fail", new { reason = "confirmed on site" })).Expect(HttpStatusCode.OK);
            Assert.Equal("power lost in hall B", Assert.Single(again["health"].EnumerateArray()).GetProperty("reason").GetString());
        });
    }

    [Fact]
    public async Task An_operator_may_declare_any_cluster_failed_and_is_named_as_the_one_who_did()
    {
        var provider = await fixture.NewTenantAsync("provider");
        var clusterId = await provider.NewClusterAsync();

        (await fixture.Operator.PostAsync($"/v1/clusters/{clusterId}/fail", new { reason = "provider unreachable" })).Expect(HttpStatusCode.OK);

        var seen = (await provider.Client.GetAsync($"/v1/clusters/{clusterId}")).Expect(HttpStatusCode.OK);
        Assert.Equal("failed", seen.Str("status"));
        Assert.Equal("operator", seen["health"][0].GetProperty("declaredBy").GetString());
    }

    [Fact]
    public async Task Declaring_another_providers_cluster_failed_is_404_as_if_it_did_not_exist_and_changes_nothing()
    {
        var provider = await fixture.NewTenantAsync("provider");
        var other = await fixture.NewTenantAsync("provider");
        var clusterId = await other.NewClusterAsync();

        await fixture.StoresNothingAsync(async () =>
        {
            (await provider.Client.PostAsync($"/v1/clusters/{clusterId}/fail", new { reason = "rival" })).ExpectProblem(HttpStatusCode.NotFound, "not-found");
            (await fixture.Operator.PostAsync($"/v1/clusters/{Parties.Unique("nowhere")}/fail", new { reason = "typo" })).ExpectProblem(HttpStatusCode.NotFound, "not-found");
            (await fixture.Operator.PostAsync("/v1/clusters/Not_An_Id/fail", new { reason = "typo" })).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        });

        Assert.Equal("online", (await other.Client.GetAsync($"/v1/clusters/{clusterId}")).Str("status"));
    }

    [Theory]
    [InlineData("GET", "/v1/clusters/{id}")]
    [InlineData("POST", "/v1/clusters/{id}/heartbeat")]
    [InlineData("GET", "/v1/clusters/Not_An_Id")]
    [InlineData("POST", "/v1/clusters/Not_An_Id/heartbeat")]
    public async Task An_unknown_cluster_is_404_and_nothing_is_stored(string method, string path)
    {
        var provider = await fixture.NewTenantAsync("provider");

        await fixture.StoresNothingAsync(async () =>
            (await provider.Client.SendAsync(new HttpMethod(method), path.Replace("{id}", Parties.Unique("nowhere"), StringComparison.Ordinal),
                method == "POST" ? new { healthy = true } : null)).ExpectProblem(HttpStatusCode.NotFound, "not-found"));
    }
}
