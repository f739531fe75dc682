using System.Buffers.Text;
using System.Globalization;
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
    private const string Missing = "(missing)";
    private const string Tenant = """{"id":"@new","kind":"buyer","name":"New tenant","jurisdiction":"DE"}""";
    private const string Quota = """{"creditLimit":"100.00","maxTokensPerPeriod":1000000,"maxOpenOrders":10,"ordersPerSecond":10,"status":"active"}""";
    private const string Cluster = """{"clusterId":"@new","region":"hainan","accelerator":"H100","gpuCount":8,"tier":2,"models":[{"model":"chat-70b","tokensPerSecond":1000}],"dataPolicies":["zdr"]}""";
    private const string Bid = """{"clientOrderId":"@new","marketId":"@market","side":"buy","type":"limit","price":"0.10","quantity":1000,"timeInForce":"GTC"}""";
    private const string Money = """{"amount":"100.00","reference":"bank 42"}""";
    private const string Receipt = """{"sequence":1,"at":"2026-11-28T14:05:00Z","inputTokens":1,"cachedInputTokens":0,"outputTokens":1,"requests":1,"requestsMeetingSlo":1}""";
    private const string Resolution = """{"awarded":0,"reason":"logs"}""";
    private const string SomeAllocation = "/v1/allocations/chat-70b.20261128T1400.a1";
    private const string Ask = """{"clientOrderId":"@new","marketId":"@market","side":"sell","type":"limit","price":"0.90","quantity":1000,"timeInForce":"GTC","clusterId":"@cluster"}""";

    /// <summary>Field named in errors, caller's role, method, path, body.</summary>
    public static TheoryData<string, string, string, string, string> BadBodies()
    {
        var rows = new TheoryData<string, string, string, string, string>();
        void Tenants(string field, string body) => rows.Add(field, "operator", "POST", "/v1/tenants", body);
        void Quotas(string field, string body) => rows.Add(field, "operator", "PUT", "/v1/tenants/@tenant/quota", body);
        void Clusters(string field, string body) => rows.Add(field, "provider", "POST", "/v1/clusters", body);
        void Heartbeats(string field, string body) => rows.Add(field, "provider", "POST", "/v1/clusters/@cluster/heartbeat", body);
        void Failures(string field, string body) => rows.Add(field, "provider", "POST", "/v1/clusters/@cluster/fail", body);
        void Bids(string field, string body) => rows.Add(field, "buyer", "POST", "/v1/orders", body);
        void Asks(string field, string body) => rows.Add(field, "provider", "POST", "/v1/orders", body);
        void Reductions(string field, string body) => rows.Add(field, "buyer", "PATCH", "/v1/orders/@order", body);
        void Deposits(string field, string body) => rows.Add(field, "operator", "POST", "/v1/tenants/@tenant/deposits", body);
        void Payouts(string field, string body) => rows.Add(field, "operator", "POST", "/v1/tenants/@tenant/payouts", body);
        void Receipts(string field, string body) => rows.Add(field, "buyer", "POST", SomeAllocation + "/receipts", body);
        void Resolutions(string field, string body) => rows.Add(field, "operator", "POST", SomeAllocation + "/dispute/resolve", body);

        // Each bad value of one field in an otherwise good body; the errors must name that field.
        void Each(Action<string, string> add, string body, string field, params string[] values)
        {
            foreach (var value in values)
            {
                add(field, With(body, field, value));
            }
        }

        var deep = string.Concat(Enumerable.Repeat("""{"a":""", 20)) + "1" + new string('}', 20);
        foreach (var add in new Action<string, string>[] { Tenants, Quotas, Clusters, Heartbeats, Failures, Bids, Reductions, Deposits, Payouts, Receipts, Resolutions })
        {
            foreach (var body in new[] { "{", "", "[]", "\"text\"", "42", "null", """{"a":1,"a":2}""", deep })
            {
                add("$", body);
            }
        }

        Each(Tenants, Tenant, "id", "\"Upper Case\"", Quoted(new string('a', 65)), "5", "\"operator\"", "\"acme-x\\n\"", Missing);
        Each(Tenants, Tenant, "kind", "\"seller\"", "\"Buyer\"", "[\"buyer\"]", "null");
        Each(Tenants, Tenant, "name", Missing, "\"\"", Quoted(new string('n', 201)));
        Each(Tenants, Tenant, "jurisdiction", "\"XX\"", "\"de\"", "\"DEU\"", "49");
        Each(Tenants, Tenant, "role", "\"operator\"");

        Each(Quotas, Quota, "creditLimit", "100", "\"1.0000001\"", "\"-5.00\"", "\"1e3\"", "\"lots\"", "\"99999999999999999999\"", Missing);
        Each(Quotas, Quota, "maxTokensPerPeriod", "1e30", "99999999999999999999", "-1", "\"1000\"");
        Each(Quotas, Quota, "maxOpenOrders", "1.5", "2000000");
        Each(Quotas, Quota, "ordersPerSecond", "0", "true");
        Each(Quotas, Quota, "status", "\"frozen\"", Missing);
        Quotas("creditlimit", With(With(Quota, "creditLimit", Missing), "creditlimit", "\"5.00\""));

        Each(Clusters, Cluster, "clusterId", "\"Bad Id!\"", Quoted(new string('c', 65)), "\"gpu-1\\n\"", Missing);
        Each(Clusters, Cluster, "region", "\"mars\"", "7");
        Each(Clusters, Cluster, "accelerator", "\"\"", Quoted(new string('h', 65)), "\"H100\\n\"");
        Each(Clusters, Cluster, "gpuCount", "0", "1e30");
        Each(Clusters, Cluster, "tier", "0", "4", "\"2\"");
        Each(Clusters, Cluster, "models", "[]", "\"chat-70b\"", Missing);
        Each(Clusters, Cluster, "dataPolicies", """["cheap"]""", """["zdr","zdr"]""", "\"zdr\"");
        Each(Clusters, Cluster, "providerId", "\"someone-else\"");
        Clusters("models[0]", With(Cluster, "models", """["chat-70b"]"""));
        Clusters("models[0].model", With(Cluster, "models", """[{"model":"gpt-9","tokensPerSecond":1000}]"""));
        Clusters("models[0].model", With(Cluster, "models", """[{"tokensPerSecond":1000}]"""));
        Clusters("models[0].tokensPerSecond", With(Cluster, "models", """[{"model":"chat-70b","tokensPerSecond":-1}]"""));
        Clusters("models[0].tokensPerSecond", With(Cluster, "models", """[{"model":"chat-70b","tokensPerSecond":99999999999999999999}]"""));
        Clusters("models[0].tokensPerSecond", With(Cluster, "models", """[{"model":"chat-70b","tokensPerSecond":"1000"}]"""));
        Clusters("models[0].gpu", With(Cluster, "models", """[{"model":"chat-70b","tokensPerSecond":1000,"gpu":"H100"}]"""));
        Clusters("models[1].model", With(Cluster, "models", """[{"model":"chat-70b","tokensPerSecond":1000},{"model":"chat-70b","tokensPerSecond":5}]"""));

        Each(Heartbeats, """{"healthy":true}""", "healthy", "\"yes\"", "1", Missing);
        Heartbeats("load", """{"healthy":true,"load":0.5}""");
        Each(Failures, """{"reason":"fan tray"}""", "reason", "\"\"", "1", "null", "[\"fan\"]", $"\"{new string('x', 501)}\"", Missing);
        Failures("at", """{"reason":"fan tray","at":"2026-12-07T10:00:00Z"}""");

        Each(Bids, Bid, "price", "0.1", "\"0.1000001\"", "\"0\"", "\"-0.10\"", "\"1e-1\"", "\"0,10\"", "\"1000.01\"", "\"\"", Missing);
        Each(Bids, Bid, "quantity", "0", "-1000", "1e30", "99999999999999999999", "1000.5", "\"1000\"", "2000000000000", Missing);
        Each(Bids, Bid, "side", "\"hold\"", "\"BUY\"", Missing);
        Each(Bids, Bid, "type", "\"stop\"");
        Each(Bids, Bid, "timeInForce", "\"day\"", "\"gtc\"");
        Each(Bids, Bid, "postOnly", "\"yes\"");
        Each(Bids, Bid, "clientOrderId", "\"has space\"", Quoted(new string('o', 65)), "\"\"", "\"caf\u00e9\"", "\"c-1\\n\"", Missing);
        Each(Bids, Bid, "marketId", Quoted(new string('m', 129)), "5", Missing);
        Each(Bids, Bid, "clusterId", "\"@othercluster\"");
        Each(Bids, Bid, "constraints", "\"hainan\"");
        Each(Bids, Bid, "post_only", "true");
        Bids("price", With(With(Bid, "type", "\"market\""), "timeInForce", "\"IOC\""));
        Bids("expiresAt", With(Bid, "timeInForce", "\"GTD\""));
        Each(Bids, With(Bid, "timeInForce", "\"GTD\""), "expiresAt", "\"tomorrow\"", "1700000000");
        Bids("expiresAt", With(Bid, "expiresAt", "\"2030-01-01T00:00:00Z\""));
        Bids("constraints.regions", With(Bid, "constraints", """{"regions":"hainan"}"""));
        Bids("constraints.regions", With(Bid, "constraints", """{"regions":["mars"]}"""));
        Bids("constraints.regions", With(Bid, "constraints", """{"regions":["hainan","hainan"]}"""));
        Bids("constraints.minTier", With(Bid, "constraints", """{"minTier":4}"""));
        Bids("constraints.minTier", With(Bid, "constraints", """{"minTier":"2"}"""));
        Bids("constraints.dataPolicies", With(Bid, "constraints", """{"dataPolicies":["cheap"]}"""));
        Bids("constraints.region", With(Bid, "constraints", """{"region":["hainan"]}"""));
        Each(Bids, Bid, "failover", "true", "\"refund\"", "[]", "0");
        Each(Bids, Bid, "reserve", "true", "false");
        Bids("failover.maxPrice", With(Bid, "failover", """{"maxPrice":0.65}"""));
        Bids("failover.maxPrice", With(Bid, "failover", """{"maxPrice":"0"}"""));
        Bids("failover.maxPrice", With(Bid, "failover", """{"maxPrice":"0.1000001"}"""));
        Bids("failover.maxPrice", With(Bid, "failover", """{"maxPrice":"1000.01"}"""));
        Bids("failover.refund", With(Bid, "failover", """{"refund":true}"""));

        Each(Asks, Ask, "clusterId", Missing, "\"Not Valid\"");
        Each(Asks, Ask, "constraints", """{"regions":["hainan"]}""");
        Each(Asks, Ask, "failover", "false", """{"maxPrice":"0.65"}""");
        Each(Asks, Ask, "reserve", "\"yes\"", "1");
        Asks("reserve", With(With(Ask, "reserve", "true"), "timeInForce", "\"IOC\""));

        Each(Reductions, """{"quantity":5000}""", "quantity", "\"5000\"", "0", "-1000", "1e30", Missing);
        Reductions("price", """{"quantity":5000,"price":"0.20"}""");

        // These requests carry no Idempotency-Key, which money needs: a good body is refused for that alone.
        foreach (var add in new Action<string, string>[] { Deposits, Payouts })
        {
            Each(add, Money, "amount", "100", "\"0\"", "\"-5.00\"", "\"1.0000001\"", "\"1e3\"", "\"99999999999999999999\"", "\"\"", Missing);
            Each(add, Money, "reference", Missing, "\"\"", Quoted(new string('r', 201)), "42");
            Each(add, Money, "currency", "\"EUR\"");
            add("Idempotency-Key", Money);
        }

        Each(Receipts, Receipt, "sequence", "0", "-1", "\"1\"", "1.5", "1e30", Missing);
        Each(Receipts, Receipt, "at", "\"yesterday\"", "\"2026-11-28\"", "1700000000", Missing);
        foreach (var counter in new[] { "inputTokens", "cachedInputTokens", "outputTokens", "requests", "requestsMeetingSlo" })
        {
            Each(Receipts, Receipt, counter, "-1", "\"1\"", "0.5", "99999999999999999999", "null", Missing);
        }

        Receipts("requestsMeetingSlo", With(Receipt, "requestsMeetingSlo", "2"));
        Each(Receipts, Receipt, "errors", "0");
        Each(Receipts, Receipt, "allocationId", "\"chat-70b.20261128T1400.a2\"");

        Each(Resolutions, Resolution, "awarded", "-1", "\"5\"", "1.5", "99999999999999999999", "null", Missing);
        Each(Resolutions, Resolution, "reason", Quoted(new string('r', 501)), "42");
        Each(Resolutions, Resolution, "winner", "\"buyer\"");

        return rows;
    }

    /// <summary>Reason code, caller's role, body of POST /v1/orders.</summary>
    public static TheoryData<string, string, string> RefusedBodies() => new()
    {
        { "unknown-market", "buyer", With(Bid, "marketId", "\"nonsense\"") },
        { "unknown-market", "buyer", With(Bid, "marketId", "\"gpt-9.20261128T0400\"") },
        { "unknown-market", "buyer", With(Bid, "marketId", "\"chat-70b.29990101T0000\"") },
        { "unknown-market", "provider", With(Ask, "marketId", "\"chat-70b.20261128T0405\"") },
        { "unknown-cluster", "provider", With(Ask, "clusterId", "\"@new\"") },
        { "unknown-cluster", "provider", With(Ask, "clusterId", "\"@othercluster\"") },
        { "invalid-lot-size", "buyer", With(Bid, "quantity", "1500") },
        { "invalid-tick-size", "buyer", With(Bid, "price", "\"0.105\"") },
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

        // Cursors that decode but were never written by the list they are sent to.
        rows.Add("cursor", "buyer", $"/v1/markets?cursor={Cursor("not-a-market")}");
        rows.Add("cursor", "buyer", $"/v1/orders?cursor={Cursor("-1", "x")}");
        rows.Add("cursor", "buyer", $"/v1/orders?cursor={Cursor(long.MaxValue.ToString(CultureInfo.InvariantCulture), "x")}");
        rows.Add("cursor", "buyer", $"/v1/allocations?cursor={Cursor("-1", "m", "1")}");
        rows.Add("cursor", "buyer", $"/v1/allocations?cursor={Cursor(long.MaxValue.ToString(CultureInfo.InvariantCulture), "m", "1")}");
        rows.Add("cursor", "provider", $"/v1/clusters?cursor={Cursor("-1")}");

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

        foreach (var month in new[] { "", "2026-13", "2026-1", "december", "2026-12-01", "26-12", "9999-12", "0001-01" })
        {
            rows.Add("month", "buyer", $"/v1/statements?month={month}");
        }

        rows.Add("month", "provider", "/v1/statements");
        rows.Add("format", "buyer", "/v1/statements?month=2026-12&format=pdf");
        rows.Add("format", "buyer", "/v1/statements?month=2026-12&format=CSV");
        foreach (var (field, query) in new[] { ("limit", "limit=0"), ("limit", "limit=abc"), ("cursor", "cursor=garbage"), ("cursor", $"cursor={Cursor("-1")}"),
            ("cursor", $"cursor={Cursor("1", "2")}"), ("from", "from=yesterday"), ("to", "to=2026-12-07"), ("kind", "kind=bribe"), ("kind", "kind=SloCredit"),
            ("tenantId", "tenantId="), ("tenantId", $"tenantId={new string('t', 129)}"), ("tenantId", "tenantId=a&tenantId=b"), ("allocationId", "allocationId=a%0Ab") })
        {
            rows.Add(field, "regulator", $"/v1/ledger/transfers?{query}");
        }

        foreach (var (field, query) in new[] { ("groupBy", "groupBy=province"), ("groupBy", "groupBy=region,region"), ("groupBy", "groupBy=region,"),
            ("groupBy", "groupBy=Region"), ("from", "from=notatime"), ("to", "to=2026-12") })
        {
            rows.Add(field, "regulator", $"/v1/regulator/flows?{query}");
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_body_is_400_naming_the_field_and_changes_nothing(string field, string role, string method, string path, string body)
    {
        var (caller, fill) = await PrepareAsync(role, path + body);

        await fixture.StoresNothingAsync(async () => (await caller.SendAsync(new HttpMethod(method), fill(path), fill(body))).ExpectInvalid(field));
    }

    [Theory]
    [MemberData(nameof(RefusedBodies))]
    public async Task An_order_naming_no_market_or_cluster_of_the_callers_or_off_lot_or_tick_is_422_and_changes_nothing(string reason, string role, string body)
    {
        var (caller, fill) = await PrepareAsync(role, body);

        await fixture.StoresNothingAsync(async () => (await caller.PostAsync("/v1/orders", fill(body))).ExpectProblem(HttpStatusCode.UnprocessableEntity, reason));
    }

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task A_bad_query_parameter_is_400_naming_it_and_changes_nothing(string field, string role, string path)
    {
        var (caller, fill) = await PrepareAsync(role, path);

        await fixture.StoresNothingAsync(async () => (await caller.GetAsync(fill(path))).ExpectInvalid(field));
    }

    [Fact]
    public async Task An_unknown_path_or_a_wrong_method_is_a_problem_with_the_exchanges_type()
    {
        var buyer = await fixture.NewTenantAsync("buyer");
        (await buyer.Client.GetAsync("/v1/no-such-thing")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        (await buyer.Client.DeleteAsync("/v1/regions")).ExpectProblem(HttpStatusCode.MethodNotAllowed, "method-not-allowed");
    }

    [Theory]
    [InlineData("operator", "POST", "/v1/tenants", Tenant)]
    [InlineData("operator", "PUT", "/v1/tenants/@tenant/quota", Quota)]
    [InlineData("provider", "POST", "/v1/clusters", Cluster)]
    [InlineData("provider", "POST", "/v1/clusters/@cluster/heartbeat", """{"healthy":true}""")]
    [InlineData("provider", "POST", "/v1/clusters/@cluster/fail", """{"reason":"fan tray"}""")]
    [InlineData("buyer", "POST", "/v1/orders", Bid)]
    [InlineData("buyer", "PATCH", "/v1/orders/@order", """{"quantity":5000}""")]
    [InlineData("operator", "POST", "/v1/tenants/@tenant/deposits", Money)]
    [InlineData("operator", "POST", "/v1/tenants/@tenant/payouts", Money)]
    [InlineData("buyer", "POST", SomeAllocation + "/receipts", Receipt)]
    [InlineData("operator", "POST", SomeAllocation + "/dispute/resolve", Resolution)]
    public async Task A_body_that_is_not_JSON_is_415_and_changes_nothing(string role, string method, string path, string body)
    {
        var (caller, fill) = await PrepareAsync(role, path + body);

        await fixture.StoresNothingAsync(async () =>
        {
            foreach (var mediaType in new[] { "text/plain", "application/x-www-form-urlencoded", "application/xml", null })
            {
                var content = new ByteArrayContent(Encoding.UTF8.GetBytes(fill(body)));
                if (mediaType is not null)
                {
                    content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType);
                }

                (await caller.SendAsync(new HttpMethod(method), fill(path), content)).ExpectProblem(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
            }
        });
    }

    [Theory]
    [InlineData("operator", "POST", "/v1/tenants", false)]
    [InlineData("operator", "PUT", "/v1/tenants/@tenant/quota", false)]
    [InlineData("provider", "POST", "/v1/clusters", false)]
    [InlineData("provider", "POST", "/v1/clusters/@cluster/heartbeat", false)]
    [InlineData("provider", "POST", "/v1/clusters/@cluster/fail", false)]
    [InlineData("buyer", "POST", "/v1/orders", false)]
    [InlineData("buyer", "PATCH", "/v1/orders/@order", false)]
    [InlineData("operator", "POST", "/v1/tenants", true)]
    [InlineData("operator", "PUT", "/v1/tenants/@tenant/quota", true)]
    [InlineData("provider", "POST", "/v1/clusters", true)]
    [InlineData("provider", "POST", "/v1/clusters/@cluster/heartbeat", true)]
    [InlineData("provider", "POST", "/v1/clusters/@cluster/fail", true)]
    [InlineData("buyer", "POST", "/v1/orders", true)]
    [InlineData("buyer", "PATCH", "/v1/orders/@order", true)]
    public async Task A_body_over_the_limit_is_413_whether_its_length_is_announced_or_chunked_and_changes_nothing(string role, string method, string path, bool chunked)
    {
        var (caller, fill) = await PrepareAsync(role, path);
        var oversized = new StringContent($$"""{"name":"{{new string('x', ApiSiloFixture.MaxBodyBytes)}}"}""", Encoding.UTF8, "application/json");

        // With Expect: 100-continue a well-behaved client sends no body the server refuses up front.
        await fixture.StoresNothingAsync(async () => (await caller.SendAsync(new HttpMethod(method), fill(path), chunked ? new ChunkedContent(oversized) : oversized, expectContinue: true))
            .ExpectProblem(HttpStatusCode.RequestEntityTooLarge, "body-too-large"));
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

    /// <summary>The JSON object with the field set to this raw JSON value, or removed when the value is <see cref="Missing"/>.</summary>
    private static string With(string json, string field, string value)
    {
        var body = JsonNode.Parse(json)!.AsObject();
        if (value == Missing)
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

    /// <summary>A cursor in the API's encoding (URL-safe base64 of the parts joined by line feeds).</summary>
    private static string Cursor(params string[] parts) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Join('\n', parts)));

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
