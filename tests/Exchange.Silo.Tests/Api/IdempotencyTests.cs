using System.Net;
using System.Text;
using Exchange.Storage.Journal;

namespace Exchange.Silo.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class IdempotencyTests(ApiSiloFixture fixture)
{
    [Theory]
    [InlineData("buyer")]
    [InlineData("provider")]
    public async Task Retrying_an_order_with_the_same_clientOrderId_answers_200_with_the_same_order_and_stores_one(string kind)
    {
        var party = await fixture.NewTenantAsync(kind);
        var order = await OrderOfAsync(party);
        var first = await party.PlaceAsync(order);

        var retry = await fixture.StoresNothingAsync(async () => (await party.Client.PostAsync("/v1/orders", order)).Expect(HttpStatusCode.OK));

        Assert.Equal(first.Text, retry.Text);
        Assert.Equal(1, await JournaledPlacementsAsync(first.Str("clientOrderId")));
        Assert.Single((await party.Client.GetAsync("/v1/orders")).Items);
    }

    [Fact]
    public async Task Retrying_an_order_after_it_was_cancelled_answers_200_with_it_as_it_stands_now()
    {
        var buyer = await fixture.NewTenantAsync("buyer");
        var bid = Parties.Bid(fixture.QuietMarket, "0.10", 2000);
        var first = await buyer.PlaceAsync(bid);
        (await buyer.Client.DeleteAsync($"/v1/orders/{first.Str("orderId")}")).Expect(HttpStatusCode.OK);

        var retry = (await buyer.Client.PostAsync("/v1/orders", bid)).Expect(HttpStatusCode.OK);

        Assert.Equal(first.Str("orderId"), retry.Str("orderId"));
        Assert.Equal("cancelled", retry.Str("status"));
        Assert.Equal(1, await JournaledPlacementsAsync(first.Str("clientOrderId")));
    }

    [Theory]
    [InlineData("price", "0.09")]
    [InlineData("quantity", "3000")]
    [InlineData("marketId", "other")]
    public async Task The_same_clientOrderId_with_other_content_is_409_and_changes_nothing(string field, string value)
    {
        var buyer = await fixture.NewTenantAsync("buyer");
        var clientOrderId = Parties.Unique("bid");
        var first = await buyer.PlaceAsync(Parties.Bid(fixture.QuietMarket, "0.10", 2000, clientOrderId: clientOrderId));
        var other = field switch
        {
            "price" => Parties.Bid(fixture.QuietMarket, value, 2000, clientOrderId: clientOrderId),
            "quantity" => Parties.Bid(fixture.QuietMarket, "0.10", long.Parse(value, System.Globalization.CultureInfo.InvariantCulture), clientOrderId: clientOrderId),
            _ => Parties.Bid(fixture.NextMarket(), "0.10", 2000, clientOrderId: clientOrderId),
        };

        await fixture.StoresNothingAsync(async () => (await buyer.Client.PostAsync("/v1/orders", other)).ExpectProblem(HttpStatusCode.Conflict, "duplicate-client-order-id"));

        Assert.Equal(first.Text, (await buyer.Client.GetAsync($"/v1/orders/{first.Str("orderId")}")).Text);
    }

    [Fact]
    public async Task Two_tenants_may_use_the_same_clientOrderId()
    {
        var one = await fixture.NewTenantAsync("buyer");
        var two = await fixture.NewTenantAsync("buyer");
        var clientOrderId = Parties.Unique("bid");

        var first = await one.PlaceAsync(Parties.Bid(fixture.QuietMarket, "0.10", 1000, clientOrderId: clientOrderId));
        var second = await two.PlaceAsync(Parties.Bid(fixture.QuietMarket, "0.10", 1000, clientOrderId: clientOrderId));

        Assert.NotEqual(first.Str("orderId"), second.Str("orderId"));
    }

    [Theory]
    [InlineData("buyer")]
    [InlineData("provider")]
    public async Task Concurrent_retries_of_one_order_make_one_order_one_201_and_the_rest_200(string kind)
    {
        var party = await fixture.NewTenantAsync(kind);
        var order = await OrderOfAsync(party);

        var answers = await AllAtOnceAsync(party.Client, "/v1/orders", order);

        OneCreatedTheRestOk(answers);
        Assert.Single(answers.Select(a => a.Str("orderId")).Distinct());
        Assert.Single((await party.Client.GetAsync("/v1/orders")).Items);
    }

    [Fact]
    public async Task Creating_a_tenant_again_with_the_same_body_answers_200_with_the_tenant()
    {
        var body = new { id = Parties.Unique("t"), kind = "provider", name = "Same provider", jurisdiction = "CN" };
        var first = (await fixture.Operator.PostAsync("/v1/tenants", body)).Expect(HttpStatusCode.Created);

        var again = await fixture.StoresNothingAsync(async () => (await fixture.Operator.PostAsync("/v1/tenants", body)).Expect(HttpStatusCode.OK));

        Assert.Equal(first.Text, again.Text);
    }

    [Fact]
    public async Task Registering_a_cluster_again_with_the_same_body_answers_200_with_the_cluster()
    {
        var provider = await fixture.NewTenantAsync("provider");
        var body = Parties.Cluster(Parties.Unique("gpu"), "guangdong", 3, 5000, "zdr");
        var first = (await provider.Client.PostAsync("/v1/clusters", body)).Expect(HttpStatusCode.Created);

        var again = (await provider.Client.PostAsync("/v1/clusters", body)).Expect(HttpStatusCode.OK);

        Assert.Equal(first.Text, again.Text);
        Assert.Single((await provider.Client.GetAsync("/v1/clusters")).Items);
    }

    [Fact]
    public async Task Concurrent_creations_of_one_tenant_answer_one_201_and_the_rest_200()
    {
        var body = new { id = Parties.Unique("t"), kind = "buyer", name = "Raced", jurisdiction = "DE" };

        var answers = await AllAtOnceAsync(fixture.Operator, "/v1/tenants", body);

        OneCreatedTheRestOk(answers);
    }

    [Fact]
    public async Task Concurrent_registrations_of_one_cluster_answer_one_201_and_the_rest_200()
    {
        var provider = await fixture.NewTenantAsync("provider");
        var body = Parties.Cluster(Parties.Unique("gpu"));

        var answers = await AllAtOnceAsync(provider.Client, "/v1/clusters", body);

        OneCreatedTheRestOk(answers);
        Assert.Single((await provider.Client.GetAsync("/v1/clusters")).Items);
    }

    [Fact]
    public async Task An_Idempotency_Key_repeated_with_the_same_body_answers_200_with_what_the_first_call_made()
    {
        var provider = await fixture.NewTenantAsync("provider");
        var key = Guid.NewGuid().ToString();
        var tenant = new { id = Parties.Unique("t"), kind = "buyer", name = "Keyed", jurisdiction = "SG" };
        var cluster = Parties.Cluster(Parties.Unique("gpu"));

        var createdTenant = (await fixture.Operator.PostAsync("/v1/tenants", tenant, key)).Expect(HttpStatusCode.Created);
        var createdCluster = (await provider.Client.PostAsync("/v1/clusters", cluster, key)).Expect(HttpStatusCode.Created);

        var (repeatedTenant, repeatedCluster) = await fixture.StoresNothingAsync(async () => (
            (await fixture.Operator.PostAsync("/v1/tenants", tenant, key)).Expect(HttpStatusCode.OK),
            (await provider.Client.PostAsync("/v1/clusters", cluster, key)).Expect(HttpStatusCode.OK)));

        Assert.Equal(createdTenant.Text, repeatedTenant.Text);
        Assert.Equal(createdCluster.Text, repeatedCluster.Text);
    }

    [Fact]
    public async Task An_Idempotency_Key_reused_with_a_different_body_is_409_and_creates_nothing()
    {
        var provider = await fixture.NewTenantAsync("provider");
        var key = Guid.NewGuid().ToString();
        (await fixture.Operator.PostAsync("/v1/tenants", new { id = Parties.Unique("t"), kind = "buyer", name = "First", jurisdiction = "DE" }, key))
            .Expect(HttpStatusCode.Created);
        await provider.NewClusterAsync();
        (await provider.Client.PostAsync("/v1/clusters", Parties.Cluster(Parties.Unique("gpu")), key)).Expect(HttpStatusCode.Created);
        var otherTenant = Parties.Unique("t");
        var otherCluster = Parties.Unique("gpu");

        await fixture.StoresNothingAsync(async () =>
        {
            (await fixture.Operator.PostAsync("/v1/tenants", new { id = otherTenant, kind = "buyer", name = "Second", jurisdiction = "DE" }, key))
                .ExpectProblem(HttpStatusCode.Conflict, "idempotency-key-reused");
            (await provider.Client.PostAsync("/v1/clusters", Parties.Cluster(otherCluster), key))
                .ExpectProblem(HttpStatusCode.Conflict, "idempotency-key-reused");
        });

        (await fixture.Operator.GetAsync($"/v1/tenants/{otherTenant}")).ExpectProblem(HttpStatusCode.NotFound);
        (await provider.Client.GetAsync($"/v1/clusters/{otherCluster}")).ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Idempotency_Keys_belong_to_the_caller_so_two_providers_may_use_the_same_one()
    {
        var one = await fixture.NewTenantAsync("provider");
        var two = await fixture.NewTenantAsync("provider");
        var key = Guid.NewGuid().ToString();

        (await one.Client.PostAsync("/v1/clusters", Parties.Cluster(Parties.Unique("gpu")), key)).Expect(HttpStatusCode.Created);
        (await two.Client.PostAsync("/v1/clusters", Parties.Cluster(Parties.Unique("gpu")), key)).Expect(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("tab\there")]
    [InlineData("129")]
    public async Task A_bad_Idempotency_Key_is_400_naming_the_header_and_creates_nothing(string key)
    {
        key = key == "129" ? new string('k', 129) : key;
        var id = Parties.Unique("t");

        await fixture.StoresNothingAsync(async () =>
            (await fixture.Operator.PostAsync("/v1/tenants", new { id, kind = "buyer", name = "Bad key", jurisdiction = "DE" }, key)).ExpectInvalid("Idempotency-Key"));
    }

    /// <summary>Posts the same body twelve times at once, over connections opened beforehand so that the requests really overlap.</summary>
    private static async Task<ApiResponse[]> AllAtOnceAsync(ApiClient client, string path, object body)
    {
        await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => client.GetAsync("/v1/regions")));
        return await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => client.PostAsync(path, body)));
    }

    private static void OneCreatedTheRestOk(ApiResponse[] answers)
    {
        Assert.All(answers, a => Assert.True(a.Status is HttpStatusCode.Created or HttpStatusCode.OK, a.ToString()));
        Assert.Single(answers, a => a.Status == HttpStatusCode.Created);
    }

    /// <summary>A resting order for the quiet market: a bid for a buyer, an ask from a new cluster for a provider.</summary>
    private async Task<object> OrderOfAsync(Party party) => party.Kind == "buyer"
        ? Parties.Bid(fixture.QuietMarket, "0.10", 1000)
        : Parties.Ask(fixture.QuietMarket, await party.NewClusterAsync(), "0.90", 1000);

    // Placements journaled under the client order id (unique to the test): a cancel names its order by sequence, not by this id.
    private async Task<long> JournaledPlacementsAsync(string clientOrderId)
    {
        var journal = new MarketJournalStore(fixture.Database.DataSource);
        var needle = Encoding.UTF8.GetBytes(clientOrderId);
        long placements = 0;
        foreach (var market in await fixture.Database.ScalarAsync<string[]>("SELECT coalesce(array_agg(DISTINCT market_id), '{}') FROM market_journal_batches"))
        {
            placements += await journal.ReadAsync(market, 0, CancellationToken.None).CountAsync(entry => entry.Command.AsSpan().IndexOf(needle) >= 0);
        }

        return placements;
    }
}
