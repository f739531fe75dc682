using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Exchange.Silo.Tests.Api;

/// <summary>
/// Garbage for every input: each is a 4xx problem that names what is wrong and stores nothing. Bodies and paths may hold
/// placeholders: <c>@new</c> (a fresh id), <c>@market</c>, <c>@tenant</c> (a buyer), <c>@cluster</c> (the caller's),
/// <c>@othercluster</c> (another provider's) and <c>@order</c> (the caller's open order).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class GarbageInputTests(ApiSiloFixture fixture)
{
    private const string Tenant = """{"id":"@new","kind":"buyer","name":"New tenant","jurisdiction":"DE"}""";
    private const string Quota = """{"creditLimit":"100.00","maxTokensPerPeriod":1000000,"maxOpenOrders":10,"ordersPerSecond":10,"status":"active"}""";
    private const string Cluster = """{"clusterId":"@new","region":"hainan","accelerator":"H100","gpuCount":8,"tier":2,"models":[{"model":"chat-70b","tokensPerSecond":1000}],"dataPolicies":["zdr"]}""";
    private const string Bid = """{"clientOrderId":"@new","marketId":"@market","side":"buy","type":"limit","price":"0.10","quantity":1000,"timeInForce":"GTC"}""";
    private const string Ask = """{"clientOrderId":"@new","marketId":"@market","side":"sell","type":"limit","price":"0.90","quantity":1000,"timeInForce":"GTC","clusterId":"@cluster"}""";

    /// <summary>Field named in errors, caller's role, method, path, body.</summary>
    public static TheoryData<string, string, string, string, string> BadBodies()
    {
        var rows = new TheoryData<string, string, string, string, string>();
        void Tenants(string field, string body) => rows.Add(field, "operator", "POST", "/v1/tenants", body);
        void Quotas(string field, string body) => rows.Add(field, "operator", "PUT", "/v1/tenants/@tenant/quota", body);
        void Clusters(string field, string body) => rows.Add(field, "provider", "POST", "/v1/clusters", body);
        void Heartbeats(string field, string body) => rows.Add(field, "provider", "POST", "/v1/clusters/@cluster/heartbeat", body);
        void Bids(string field, string body) => rows.Add(field, "buyer", "POST", "/v1/orders", body);
        void Asks(string field, string body) => rows.Add(field, "provider", "POST", "/v1/orders", body);
        void Reductions(string field, string body) => rows.Add(field, "buyer", "PATCH", "/v1/orders/@order", body);

        foreach (var add in new Action<string, string>[] { Tenants, Quotas, Clusters, Heartbeats, Bids, Reductions })
        {
            add("$", "{");
            add("$", "");
            add("$", "[]");
            add("$", "\"text\"");
            add("$", "42");
            add("$", "null");
            add("$", """{"a":1,"a":2}""");
            add("$", string.Concat(Enumerable.Repeat("""{"a":""", 20)) + "1" + new string('}', 20));
        }

        Tenants("id", With(Tenant, "id", "\"Upper Case\""));
        Tenants("id", With(Tenant, "id", Quoted(new string('a', 65))));
        Tenants("id", With(Tenant, "id", "5"));
        Tenants("id", With(Tenant, "id", "\"operator\""));
        Tenants("id", With(Tenant, "id", null));
        Tenants("kind", With(Tenant, "kind", "\"seller\""));
        Tenants("kind", With(Tenant, "kind", "\"Buyer\""));
        Tenants("kind", With(Tenant, "kind", "[\"buyer\"]"));
        Tenants("kind", With(Tenant, "kind", "null"));
        Tenants("name", With(Tenant, "name", null));
        Tenants("name", With(Tenant, "name", "\"\""));
        Tenants("name", With(Tenant, "name", Quoted(new string('n', 201))));
        Tenants("jurisdiction", With(Tenant, "jurisdiction", "\"XX\""));
        Tenants("jurisdiction", With(Tenant, "jurisdiction", "\"de\""));
        Tenants("jurisdiction", With(Tenant, "jurisdiction", "\"DEU\""));
        Tenants("jurisdiction", With(Tenant, "jurisdiction", "49"));
        Tenants("role", With(Tenant, "role", "\"operator\""));

        Quotas("creditLimit", With(Quota, "creditLimit", "100"));
        Quotas("creditLimit", With(Quota, "creditLimit", "\"1.0000001\""));
        Quotas("creditLimit", With(Quota, "creditLimit", "\"-5.00\""));
        Quotas("creditLimit", With(Quota, "creditLimit", "\"1e3\""));
        Quotas("creditLimit", With(Quota, "creditLimit", "\"lots\""));
        Quotas("creditLimit", With(Quota, "creditLimit", "\"99999999999999999999\""));
        Quotas("creditLimit", With(Quota, "creditLimit", null));
        Quotas("maxTokensPerPeriod", With(Quota, "maxTokensPerPeriod", "1e30"));
        Quotas("maxTokensPerPeriod", With(Quota, "maxTokensPerPeriod", "99999999999999999999"));
        Quotas("maxTokensPerPeriod", With(Quota, "maxTokensPerPeriod", "-1"));
        Quotas("maxTokensPerPeriod", With(Quota, "maxTokensPerPeriod", "\"1000\""));
        Quotas("maxOpenOrders", With(Quota, "maxOpenOrders", "1.5"));
        Quotas("maxOpenOrders", With(Quota, "maxOpenOrders", "2000000"));
        Quotas("ordersPerSecond", With(Quota, "ordersPerSecond", "0"));
        Quotas("ordersPerSecond", With(Quota, "ordersPerSecond", "true"));
        Quotas("status", With(Quota, "status", "\"frozen\""));
        Quotas("status", With(Quota, "status", null));
        Quotas("creditlimit", With(With(Quota, "creditLimit", null), "creditlimit", "\"5.00\""));

        Clusters("clusterId", With(Cluster, "clusterId", "\"Bad Id!\""));
        Clusters("clusterId", With(Cluster, "clusterId", Quoted(new string('c', 65))));
        Clusters("clusterId", With(Cluster, "clusterId", null));
        Clusters("region", With(Cluster, "region", "\"mars\""));
        Clusters("region", With(Cluster, "region", "7"));
        Clusters("accelerator", With(Cluster, "accelerator", "\"\""));
        Clusters("accelerator", With(Cluster, "accelerator", Quoted(new string('h', 65))));
        Clusters("gpuCount", With(Cluster, "gpuCount", "0"));
        Clusters("gpuCount", With(Cluster, "gpuCount", "1e30"));
        Clusters("tier", With(Cluster, "tier", "0"));
        Clusters("tier", With(Cluster, "tier", "4"));
        Clusters("tier", With(Cluster, "tier", "\"2\""));
        Clusters("models", With(Cluster, "models", "[]"));
        Clusters("models", With(Cluster, "models", "\"chat-70b\""));
        Clusters("models", With(Cluster, "models", null));
        Clusters("models[0]", With(Cluster, "models", """["chat-70b"]"""));
        Clusters("models[0].model", With(Cluster, "models", """[{"model":"gpt-9","tokensPerSecond":1000}]"""));
        Clusters("models[0].model", With(Cluster, "models", """[{"tokensPerSecond":1000}]"""));
        Clusters("models[0].tokensPerSecond", With(Cluster, "models", """[{"model":"chat-70b","tokensPerSecond":-1}]"""));
        Clusters("models[0].tokensPerSecond", With(Cluster, "models", """[{"model":"chat-70b","tokensPerSecond":99999999999999999999}]"""));
        Clusters("models[0].tokensPerSecond", With(Cluster, "models", """[{"model":"chat-70b","tokensPerSecond":"1000"}]"""));
        Clusters("models[0].gpu", With(Cluster, "models", """[{"model":"chat-70b","tokensPerSecond":1000,"gpu":"H100"}]"""));
        Clusters("models[1].model", With(Cluster, "models", """[{"model":"chat-70b","tokensPerSecond":1000},{"model":"chat-70b","tokensPerSecond":5}]"""));
        Clusters("dataPolicies", With(Cluster, "dataPolicies", """["cheap"]"""));
        Clusters("dataPolicies", With(Cluster, "dataPolicies", """["zdr","zdr"]"""));
        Clusters("dataPolicies", With(Cluster, "dataPolicies", "\"zdr\""));
        Clusters("providerId", With(Cluster, "providerId", "\"someone-else\""));

        Heartbeats("healthy", """{"healthy":"yes"}""");
        Heartbeats("healthy", "{}");
        Heartbeats("healthy", """{"healthy":1}""");
        Heartbeats("load", """{"healthy":true,"load":0.5}""");

        Bids("price", With(Bid, "price", "0.1"));
        Bids("price", With(Bid, "price", "\"0.1000001\""));
        Bids("price", With(Bid, "price", "\"0\""));
        Bids("price", With(Bid, "price", "\"-0.10\""));
        Bids("price", With(Bid, "price", "\"1e-1\""));
        Bids("price", With(Bid, "price", "\"0,10\""));
        Bids("price", With(Bid, "price", "\"1000.01\""));
        Bids("price", With(Bid, "price", "\"\""));
        Bids("price", With(Bid, "price", null));
        Bids("price", With(With(Bid, "type", "\"market\""), "timeInForce", "\"IOC\""));
        Bids("quantity", With(Bid, "quantity", "0"));
        Bids("quantity", With(Bid, "quantity", "-1000"));
        Bids("quantity", With(Bid, "quantity", "1e30"));
        Bids("quantity", With(Bid, "quantity", "99999999999999999999"));
        Bids("quantity", With(Bid, "quantity", "1000.5"));
        Bids("quantity", With(Bid, "quantity", "\"1000\""));
        Bids("quantity", With(Bid, "quantity", "2000000000000"));
        Bids("quantity", With(Bid, "quantity", null));
        Bids("side", With(Bid, "side", "\"hold\""));
        Bids("side", With(Bid, "side", "\"BUY\""));
        Bids("side", With(Bid, "side", null));
        Bids("type", With(Bid, "type", "\"stop\""));
        Bids("timeInForce", With(Bid, "timeInForce", "\"day\""));
        Bids("timeInForce", With(Bid, "timeInForce", "\"gtc\""));
        Bids("expiresAt", With(Bid, "timeInForce", "\"GTD\""));
        Bids("expiresAt", With(With(Bid, "timeInForce", "\"GTD\""), "expiresAt", "\"tomorrow\""));
        Bids("expiresAt", With(With(Bid, "timeInForce", "\"GTD\""), "expiresAt", "1700000000"));
        Bids("expiresAt", With(Bid, "expiresAt", "\"2030-01-01T00:00:00Z\""));
        Bids("postOnly", With(Bid, "postOnly", "\"yes\""));
        Bids("clientOrderId", With(Bid, "clientOrderId", "\"has space\""));
        Bids("clientOrderId", With(Bid, "clientOrderId", Quoted(new string('o', 65))));
        Bids("clientOrderId", With(Bid, "clientOrderId", "\"\""));
        Bids("clientOrderId", With(Bid, "clientOrderId", "\"caf\u00e9\""));
        Bids("clientOrderId", With(Bid, "clientOrderId", null));
        Bids("marketId", With(Bid, "marketId", Quoted(new string('m', 129))));
        Bids("marketId", With(Bid, "marketId", "5"));
        Bids("marketId", With(Bid, "marketId", null));
        Bids("clusterId", With(Bid, "clusterId", "\"@othercluster\""));
        Bids("constraints", With(Bid, "constraints", "\"hainan\""));
        Bids("constraints.regions", With(Bid, "constraints", """{"regions":"hainan"}"""));
        Bids("constraints.regions", With(Bid, "constraints", """{"regions":["mars"]}"""));
        Bids("constraints.regions", With(Bid, "constraints", """{"regions":["hainan","hainan"]}"""));
        Bids("constraints.minTier", With(Bid, "constraints", """{"minTier":4}"""));
        Bids("constraints.minTier", With(Bid, "constraints", """{"minTier":"2"}"""));
        Bids("constraints.dataPolicies", With(Bid, "constraints", """{"dataPolicies":["cheap"]}"""));
        Bids("constraints.region", With(Bid, "constraints", """{"region":["hainan"]}"""));
        Bids("post_only", With(Bid, "post_only", "true"));

        Asks("clusterId", With(Ask, "clusterId", null));
        Asks("clusterId", With(Ask, "clusterId", "\"Not Valid\""));
        Asks("constraints", With(Ask, "constraints", """{"regions":["hainan"]}"""));

        Reductions("quantity", """{"quantity":"5000"}""");
        Reductions("quantity", "{}");
        Reductions("quantity", """{"quantity":0}""");
        Reductions("quantity", """{"quantity":-1000}""");
        Reductions("quantity", """{"quantity":1e30}""");
        Reductions("price", """{"quantity":5000,"price":"0.20"}""");
        return rows;
    }

    /// <summary>Reason code, caller's role, body of POST /v1/orders.</summary>
    public static TheoryData<string, string, string> UnknownIds() => new()
    {
        { "unknown-market", "buyer", With(Bid, "marketId", "\"nonsense\"") },
        { "unknown-market", "buyer", With(Bid, "marketId", "\"gpt-9.20261128T0400\"") },
        { "unknown-market", "buyer", With(Bid, "marketId", "\"chat-70b.29990101T0000\"") },
        { "unknown-market", "provider", With(Ask, "marketId", "\"chat-70b.20261128T0405\"") },
        { "unknown-cluster", "provider", With(Ask, "clusterId", "\"@new\"") },
        { "unknown-cluster", "provider", With(Ask, "clusterId", "\"@othercluster\"") },
    };

    /// <summary>Field named in errors, caller's role, path with its query.</summary>
    public static TheoryData<string, string, string> BadQueries()
    {
        var rows = new TheoryData<string, string, string>();
        foreach (var (role, list) in new[] { ("buyer", "/v1/markets"), ("buyer", "/v1/markets/@market/trades"), ("buyer", "/v1/orders"), ("buyer", "/v1/allocations"), ("provider", "/v1/clusters") })
        {
            foreach (var limit in new[] { "0", "-1", "abc", "1.5", "1001", "", "99999999999999999999" })
            {
                rows.Add("limit", role, $"{list}?limit={limit}");
            }

            foreach (var cursor in new[] { "garbage", "%25%25%25", "AAAA", "=", "x" })
            {
                rows.Add("cursor", role, $"{list}?cursor={cursor}");
            }
        }

        foreach (var list in new[] { "/v1/markets", "/v1/allocations" })
        {
            rows.Add("from", "buyer", $"{list}?from=notatime");
            rows.Add("from", "buyer", $"{list}?from=2026-11-28");
            rows.Add("to", "buyer", $"{list}?to=2026-13-45T00:00:00Z");
            rows.Add("to", "buyer", $"{list}?to=");
        }

        rows.Add("model", "buyer", "/v1/markets?model=gpt-9");
        rows.Add("status", "buyer", "/v1/markets?status=pending");
        rows.Add("depth", "buyer", "/v1/markets/@market/book?depth=0");
        rows.Add("depth", "buyer", "/v1/markets/@market/book?depth=101");
        rows.Add("depth", "buyer", "/v1/markets/@market/book?depth=abc");
        rows.Add("depth", "buyer", "/v1/markets/@market/book?depth=-1");
        rows.Add("status", "buyer", "/v1/orders?status=weird");
        rows.Add("status", "buyer", "/v1/orders?status=OPEN");
        rows.Add("marketId", "buyer", "/v1/orders?marketId=garbage");
        rows.Add("marketId", "buyer", $"/v1/orders?marketId={new string('m', 129)}");
        rows.Add("marketId", "buyer", "/v1/allocations?marketId=x");
        return rows;
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_body_is_400_naming_the_field_and_changes_nothing(string field, string role, string method, string path, string body)
    {
        var (caller, fill) = await PrepareAsync(role, path + body);
        var before = await StoredState.ReadAsync(fixture.Database);

        var response = await caller.SendAsync(new HttpMethod(method), fill(path), fill(body));

        response.ExpectInvalid(field);
        Assert.Equal(before, await StoredState.ReadAsync(fixture.Database));
    }

    [Theory]
    [MemberData(nameof(UnknownIds))]
    public async Task An_id_in_the_body_that_names_nothing_of_the_callers_is_422_and_changes_nothing(string reason, string role, string body)
    {
        var (caller, fill) = await PrepareAsync(role, body);
        var before = await StoredState.ReadAsync(fixture.Database);

        var response = await caller.PostAsync("/v1/orders", fill(body));

        response.ExpectProblem(HttpStatusCode.UnprocessableEntity, reason);
        Assert.Equal(before, await StoredState.ReadAsync(fixture.Database));
    }

    [Theory]
    [InlineData("invalid-lot-size", """{"quantity":1500}""")]
    [InlineData("invalid-tick-size", """{"price":"0.105"}""")]
    public async Task A_bid_off_the_markets_lot_or_tick_is_422_and_changes_nothing(string reason, string change)
    {
        var (caller, fill) = await PrepareAsync("buyer", Bid);
        var body = JsonNode.Parse(Bid)!.AsObject();
        foreach (var (name, value) in JsonNode.Parse(change)!.AsObject())
        {
            body[name] = value?.DeepClone();
        }

        var before = await StoredState.ReadAsync(fixture.Database);

        var response = await caller.PostAsync("/v1/orders", fill(body.ToJsonString()));

        response.ExpectProblem(HttpStatusCode.UnprocessableEntity, reason);
        Assert.Equal(before, await StoredState.ReadAsync(fixture.Database));
    }

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task A_bad_query_parameter_is_400_naming_it_and_changes_nothing(string field, string role, string path)
    {
        var (caller, fill) = await PrepareAsync(role, path);
        var before = await StoredState.ReadAsync(fixture.Database);

        var response = await caller.GetAsync(fill(path));

        response.ExpectInvalid(field);
        Assert.Equal(before, await StoredState.ReadAsync(fixture.Database));
    }

    [Theory]
    [InlineData("operator", "POST", "/v1/tenants", Tenant)]
    [InlineData("operator", "PUT", "/v1/tenants/@tenant/quota", Quota)]
    [InlineData("provider", "POST", "/v1/clusters", Cluster)]
    [InlineData("provider", "POST", "/v1/clusters/@cluster/heartbeat", """{"healthy":true}""")]
    [InlineData("buyer", "POST", "/v1/orders", Bid)]
    [InlineData("buyer", "PATCH", "/v1/orders/@order", """{"quantity":5000}""")]
    public async Task A_body_that_is_not_JSON_is_415_and_changes_nothing(string role, string method, string path, string body)
    {
        var (caller, fill) = await PrepareAsync(role, path + body);
        var before = await StoredState.ReadAsync(fixture.Database);

        foreach (var mediaType in new[] { "text/plain", "application/x-www-form-urlencoded", "application/xml", null })
        {
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(fill(body)));
            if (mediaType is not null)
            {
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType);
            }

            (await caller.SendAsync(new HttpMethod(method), fill(path), content)).ExpectProblem(HttpStatusCode.UnsupportedMediaType);
        }

        Assert.Equal(before, await StoredState.ReadAsync(fixture.Database));
    }

    [Theory]
    [InlineData("operator", "POST", "/v1/tenants", false)]
    [InlineData("operator", "PUT", "/v1/tenants/@tenant/quota", false)]
    [InlineData("provider", "POST", "/v1/clusters", false)]
    [InlineData("provider", "POST", "/v1/clusters/@cluster/heartbeat", false)]
    [InlineData("buyer", "POST", "/v1/orders", false)]
    [InlineData("buyer", "PATCH", "/v1/orders/@order", false)]
    [InlineData("operator", "POST", "/v1/tenants", true)]
    [InlineData("operator", "PUT", "/v1/tenants/@tenant/quota", true)]
    [InlineData("provider", "POST", "/v1/clusters", true)]
    [InlineData("provider", "POST", "/v1/clusters/@cluster/heartbeat", true)]
    [InlineData("buyer", "POST", "/v1/orders", true)]
    [InlineData("buyer", "PATCH", "/v1/orders/@order", true)]
    public async Task A_body_over_the_limit_is_413_whether_its_length_is_announced_or_chunked_and_changes_nothing(string role, string method, string path, bool chunked)
    {
        var (caller, fill) = await PrepareAsync(role, path);
        var oversized = new StringContent($$"""{"name":"{{new string('x', ApiSiloFixture.MaxBodyBytes)}}"}""", Encoding.UTF8, "application/json");
        var before = await StoredState.ReadAsync(fixture.Database);

        // With Expect: 100-continue a well-behaved client sends no body the server refuses up front.
        var response = await caller.SendAsync(new HttpMethod(method), fill(path), chunked ? new ChunkedContent(oversized) : oversized, expectContinue: true);

        response.ExpectProblem(HttpStatusCode.RequestEntityTooLarge, "body-too-large");
        Assert.Equal(before, await StoredState.ReadAsync(fixture.Database));
    }

    /// <summary>Makes the caller and whatever the placeholders in <paramref name="text"/> need; returns a function that fills them in.</summary>
    private async Task<(ApiClient Caller, Func<string, string> Fill)> PrepareAsync(string role, string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["@market"] = fixture.QuietMarket };
        var caller = fixture.Operator;
        if (role != "operator")
        {
            var party = await fixture.NewTenantAsync(role);
            caller = party.Client;
            if (role == "provider")
            {
                values["@cluster"] = await party.NewClusterAsync();
            }

            if (text.Contains("@order", StringComparison.Ordinal))
            {
                var order = role == "provider"
                    ? Parties.Ask(fixture.QuietMarket, values["@cluster"], "0.90", 10_000)
                    : Parties.Bid(fixture.QuietMarket, "0.10", 10_000);
                values["@order"] = (await party.PlaceAsync(order)).Str("orderId");
            }
        }

        if (text.Contains("@tenant", StringComparison.Ordinal))
        {
            values["@tenant"] = (await fixture.NewTenantAsync("buyer")).Id;
        }

        if (text.Contains("@othercluster", StringComparison.Ordinal))
        {
            values["@othercluster"] = await (await fixture.NewTenantAsync("provider")).NewClusterAsync();
        }

        return (caller, raw =>
        {
            // @othercluster before @order and @cluster; @new fresh for every use.
            foreach (var (name, value) in values.OrderByDescending(v => v.Key.Length))
            {
                raw = raw.Replace(name, value, StringComparison.Ordinal);
            }

            return raw.Replace("@new", Parties.Unique("g"), StringComparison.Ordinal);
        });
    }

    private static string With(string json, string field, string? value)
    {
        var body = JsonNode.Parse(json)!.AsObject();
        if (value is null)
        {
            body.Remove(field);
        }
        else
        {
            body[field] = JsonNode.Parse(value);
        }

        return body.ToJsonString();
    }

    private static string Quoted(string text) => $"\"{text}\"";

    /// <summary>Sends the inner content without a Content-Length, so the body arrives chunked.</summary>
    private sealed class ChunkedContent : HttpContent
    {
        private readonly HttpContent _inner;

        public ChunkedContent(HttpContent inner)
        {
            _inner = inner;
            Headers.ContentType = inner.Headers.ContentType;
        }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => _inner.CopyToAsync(stream);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
