using System.Net;

namespace Exchange.Silo.Tests.Api;

/// <summary>
/// Every endpoint the silo documents against every role, in several spellings of its path, and against keys that are
/// missing, malformed, unknown or revoked. The table below is the answer sheet; a documented endpoint missing from it fails.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AuthorizationMatrixTests(ApiSiloFixture fixture)
{
    private const string Any = "operator provider buyer regulator";

    /// <summary>Served without a key.</summary>
    private const string Anyone = "anyone " + Any;

    /// <summary>Endpoints whose answer never ends (server-sent events): only their refusals are checked here.</summary>
    private static readonly string MeterKeyPem = NewMeterKey();

    private static readonly HashSet<string> Streams = new(StringComparer.Ordinal) { "GET /v1/markets/{market}/stream" };

    /// <summary>
    /// Endpoints whose allowed role gets past access to a refusal the cast cannot avoid: a body that must be signed
    /// (MeterReadingTests), a payout with no proceeds to pay (SettlementProcessTests), an allocation the cast has none of.
    /// </summary>
    private static readonly Dictionary<string, (HttpStatusCode Status, string Reason)> Refused = new(StringComparer.Ordinal)
    {
        ["POST /v1/clusters/{cluster}/readings"] = (HttpStatusCode.UnprocessableEntity, "bad-signature"),
        ["POST /v1/tenants/{buyer}/payouts"] = (HttpStatusCode.UnprocessableEntity, "insufficient-funds"),
        ["GET /v1/allocations/{allocation}/delivery"] = (HttpStatusCode.NotFound, "not-found"),
        ["POST /v1/allocations/{allocation}/receipts"] = (HttpStatusCode.NotFound, "not-found"),
        ["POST /v1/allocations/{allocation}/dispute/resolve"] = (HttpStatusCode.NotFound, "not-found"),
        ["GET /v1/regulator/allocations/{allocation}/lineage"] = (HttpStatusCode.NotFound, "not-found"),
    };

    /// <summary>Endpoints that require an Idempotency-Key: the allowed role sends a fresh one.</summary>
    private static readonly HashSet<string> Keyed = new(StringComparer.Ordinal) { "POST /v1/tenants/{buyer}/deposits", "POST /v1/tenants/{buyer}/payouts" };

    private static readonly Dictionary<string, (string Roles, Func<Cast, string, object?>? Body)> Endpoints = new(StringComparer.Ordinal)
    {
        ["GET /healthz"] = (Anyone, null),
        ["GET /readyz"] = (Anyone, null),
        ["GET /v1/markets/{market}/stream"] = (Any, null),
        ["GET /v1/regions"] = (Any, null),
        ["GET /v1/models"] = (Any, null),
        ["GET /v1/markets"] = (Any, null),
        ["GET /v1/markets/{market}/book"] = (Any, null),
        ["GET /v1/markets/{market}/trades"] = (Any, null),
        ["GET /v1/me"] = ("provider buyer regulator", null),
        ["POST /v1/tenants"] = ("operator", (_, _) => new { id = Parties.Unique("t"), kind = "buyer", name = "New buyer", jurisdiction = "FR" }),
        ["GET /v1/tenants/{buyer}"] = ("operator", null),
        ["PUT /v1/tenants/{buyer}/quota"] = ("operator", (_, _) => new { creditLimit = "500.00", maxTokensPerPeriod = 1_000_000, maxOpenOrders = 10, ordersPerSecond = 10, status = "active" }),
        ["POST /v1/tenants/{buyer}/keys"] = ("operator", null),
        ["GET /v1/tenants/{buyer}/keys"] = ("operator", null),
        ["DELETE /v1/tenants/{buyer}/keys/{spareKey}"] = ("operator", null),
        ["POST /v1/clusters"] = ("provider", (_, _) => Parties.Cluster(Parties.Unique("gpu"))),
        ["GET /v1/clusters"] = ("provider", null),
        ["GET /v1/clusters/{cluster}"] = ("provider", null),
        ["POST /v1/clusters/{cluster}/heartbeat"] = ("provider", (_, _) => new { healthy = true }),
        ["POST /v1/clusters/{cluster}/fail"] = ("provider operator", (_, _) => new { reason = "matrix" }),
        ["PUT /v1/clusters/{cluster}/meter-key"] = ("provider", (_, _) => new { publicKey = MeterKeyPem }),
        ["POST /v1/clusters/{cluster}/readings"] = ("provider", (_, _) => new
        {
            readings = new[]
            {
                new { allocationId = "chat-70b.20261128T1400.a1", sequence = 1, at = "2026-11-28T14:05:00Z", inputTokens = 1, cachedInputTokens = 0, outputTokens = 1, requests = 1, requestsMeetingSlo = 1, errors = 0 },
            },
        }),
        ["POST /v1/orders"] = ("provider buyer", (cast, role) => role == "provider"
            ? Parties.Ask(cast.Market, cast.ClusterId, "0.90", 1000)
            : Parties.Bid(cast.Market, "0.10", 1000)),
        ["GET /v1/orders"] = ("provider buyer", null),
        ["GET /v1/orders/{own}"] = ("provider buyer", null),
        ["PATCH /v1/orders/{own}"] = ("provider buyer", (_, _) => new { quantity = 5000 }),
        ["DELETE /v1/orders/{own}"] = ("provider buyer", null),
        ["GET /v1/allocations"] = ("provider buyer", null),
        ["GET /v1/regulator/allocations?model=chat-70b"] = ("regulator", null),
        ["GET /v1/regulator/summary?groupBy=region,day"] = ("regulator", null),
        ["GET /v1/regulator/export?format=csv&marketId={market}"] = ("regulator", null),
        ["GET /v1/regulator/verify?marketId={market}"] = ("regulator", null),
        ["GET /v1/regulator/orders/{own}/lifecycle"] = ("regulator", null),
        ["GET /v1/regulator/allocations/{allocation}/lineage"] = ("regulator", null),
        ["GET /v1/regulator/public-key"] = ("regulator", null),
        ["GET /v1/regulator/checkpoints"] = ("regulator", null),
        ["GET /v1/regulator/flows?groupBy=region,jurisdiction"] = ("regulator", null),
        ["POST /v1/tenants/{buyer}/deposits"] = ("operator", (_, _) => new { amount = "100.00", reference = "matrix" }),
        ["POST /v1/tenants/{buyer}/payouts"] = ("operator", (_, _) => new { amount = "100.00", reference = "matrix" }),
        ["GET /v1/balances"] = ("provider buyer", null),
        ["GET /v1/statements?month=2026-12"] = ("provider buyer", null),
        ["GET /v1/ledger/transfers"] = ("operator regulator", null),
        ["GET /v1/allocations/{allocation}/delivery"] = ("provider buyer regulator", null),
        ["POST /v1/allocations/{allocation}/receipts"] = ("buyer", (_, _) => new
        {
            sequence = 1, at = "2026-11-28T14:05:00Z", inputTokens = 1, cachedInputTokens = 0, outputTokens = 1, requests = 1, requestsMeetingSlo = 1,
        }),
        ["POST /v1/allocations/{allocation}/dispute/resolve"] = ("operator", (_, _) => new { awarded = 0 }),
    };

    public static TheoryData<string> EndpointNames => [.. Endpoints.Keys];

    public static TheoryData<string> GuardedEndpointNames => [.. Endpoints.Where(e => !e.Value.Roles.StartsWith("anyone", StringComparison.Ordinal)).Select(e => e.Key)];

    [Fact]
    public async Task The_table_names_every_operation_the_silo_documents()
    {
        var document = (await fixture.Client(null).GetAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK).Json;
        var documented = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => $"{op.Name.ToUpperInvariant()} {Template(path.Name)}"))
            .ToHashSet(StringComparer.Ordinal);
        var tabled = Endpoints.Keys.Select(Template).ToHashSet(StringComparer.Ordinal);

        Assert.Empty(documented.Except(tabled));
        Assert.Empty(tabled.Except(documented));
    }

    [Theory]
    [MemberData(nameof(GuardedEndpointNames))]
    public async Task No_spelling_of_a_path_lets_a_caller_without_the_right_key_in(string endpoint)
    {
        var cast = await CastAsync();
        var (roles, body) = Endpoints[endpoint];

        await fixture.StoresNothingAsync(async () =>
        {
            foreach (var spelling in Spellings(endpoint))
            {
                var anonymous = await fixture.Client(null).SendAsync(Method(endpoint), Path(spelling, cast, "buyer"), body?.Invoke(cast, "buyer"));
                Assert.True(anonymous.Status == HttpStatusCode.Unauthorized, $"anonymous: {spelling} answered {anonymous}");
                anonymous.ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");

                foreach (var role in Any.Split(' ').Where(r => !roles.Split(' ').Contains(r)))
                {
                    var refused = await cast.Clients[role].SendAsync(Method(endpoint), Path(spelling, cast, role), body?.Invoke(cast, role));
                    Assert.True(refused.Status == HttpStatusCode.Forbidden, $"{role}: {spelling} answered {refused}");
                    refused.ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
                }
            }
        });
    }

    /// <summary>The endpoint as written, in capitals, and capitalized: routing ignores letter case, so access must too.</summary>
    private static IEnumerable<string> Spellings(string endpoint)
    {
        var space = endpoint.IndexOf(' ', StringComparison.Ordinal);
        var (method, target) = (endpoint[..space], endpoint[(space + 1)..]);
        var query = target.IndexOf('?', StringComparison.Ordinal) is var q and >= 0 ? target[q..] : "";
        var segments = (query.Length > 0 ? target[..^query.Length] : target).Split('/');
        string Spell(Func<string, string> literal) =>
            $"{method} {string.Join('/', segments.Select(s => s.StartsWith('{') ? s : literal(s)))}{query}";

        yield return endpoint;
        yield return Spell(s => s.ToUpperInvariant());
        yield return Spell(s => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..]);
    }

    /// <summary>A path's shape: no query, every parameter alike.</summary>
    private static string Template(string endpoint) => System.Text.RegularExpressions.Regex.Replace(endpoint.Split('?')[0], "{[^}]*}", "{}");

    [Theory]
    [MemberData(nameof(EndpointNames))]
    public async Task Each_role_may_call_only_the_endpoints_meant_for_it_and_others_get_403(string endpoint)
    {
        var cast = await CastAsync();
        var (roles, body) = Endpoints[endpoint];
        if (roles.StartsWith("anyone", StringComparison.Ordinal))
        {
            (await fixture.Client(null).SendAsync(Method(endpoint), Path(endpoint, cast, "buyer"))).Expect(HttpStatusCode.OK);
        }

        foreach (var role in Any.Split(' '))
        {
            Task<ApiResponse> Call() => cast.Clients[role].SendAsync(
                Method(endpoint), Path(endpoint, cast, role), body?.Invoke(cast, role), Keyed.Contains(endpoint) ? Guid.NewGuid().ToString("N") : null);
            if (roles.Split(' ').Contains(role))
            {
                if (Streams.Contains(endpoint))
                {
                    continue;
                }

                var response = await Call();
                if (Refused.TryGetValue(endpoint, out var refusal))
                {
                    response.ExpectProblem(refusal.Status, refusal.Reason);
                    continue;
                }

                Assert.True(response.Status is HttpStatusCode.OK or HttpStatusCode.Created, $"{role}: {endpoint} answered {response}");
            }
            else
            {
                await fixture.StoresNothingAsync(async () => (await Call()).ExpectProblem(HttpStatusCode.Forbidden, "forbidden"));
            }
        }
    }

    [Theory]
    [MemberData(nameof(GuardedEndpointNames))]
    public async Task A_missing_malformed_unknown_or_revoked_key_is_401_and_changes_nothing(string endpoint)
    {
        var cast = await CastAsync();
        var (_, body) = Endpoints[endpoint];
        var tampered = cast.BuyerKey[..^1] + (cast.BuyerKey[^1] == 'A' ? 'B' : 'A');
        string?[] authorizations =
        [
            null,
            "",
            "Bearer",
            "Bearer    ",
            $"Basic {fixture.BootstrapKey}",
            $"Token {cast.BuyerKey}",
            "Bearer not-a-key",
            "Bearer tox_0123456789abcdef.c2VjcmV0LXRoYXQtd2FzLW5ldmVyLWlzc3VlZC1ieS10aGlzLWV4Y2hhbmdl",
            $"Bearer tox_{cast.BuyerKey[4..20]}",
            $"Bearer {tampered}",
            $"Bearer {cast.BuyerKey}{new string('x', 200)}",
            $"Bearer {fixture.BootstrapKey}x",
            $"Bearer {cast.RevokedKey}",
        ];

        await fixture.StoresNothingAsync(async () =>
        {
            foreach (var authorization in authorizations)
            {
                var response = await fixture.Client(authorization).SendAsync(Method(endpoint), Path(endpoint, cast, "buyer"), body?.Invoke(cast, "buyer"));

                response.ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
                Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
            }
        });
    }

    private static string NewMeterKey()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        return key.ExportSubjectPublicKeyInfoPem();
    }

    private static HttpMethod Method(string endpoint) => new(endpoint[..endpoint.IndexOf(' ', StringComparison.Ordinal)]);

    private static string Path(string endpoint, Cast cast, string role) => endpoint[(endpoint.IndexOf(' ', StringComparison.Ordinal) + 1)..]
        .Replace("{market}", cast.Market, StringComparison.Ordinal)
        .Replace("{buyer}", cast.BuyerId, StringComparison.Ordinal)
        .Replace("{spareKey}", cast.SpareKeyId, StringComparison.Ordinal)
        .Replace("{cluster}", cast.ClusterId, StringComparison.Ordinal)
        .Replace("{allocation}", "chat-70b.20261128T1400.a999999", StringComparison.Ordinal)
        .Replace("{own}", role == "provider" ? cast.SellOrderId : cast.BuyOrderId, StringComparison.Ordinal);

    /// <summary>A tenant of every kind with a key, a provider's cluster and ask, a buyer's bid, a spare and a revoked buyer key.</summary>
    private async Task<Cast> CastAsync()
    {
        var provider = await fixture.NewTenantAsync("provider");
        var buyer = await fixture.NewTenantAsync("buyer");
        var regulator = await fixture.NewTenantAsync("regulator");
        var clusterId = await provider.NewClusterAsync();
        var market = fixture.QuietMarket;
        var ask = await provider.PlaceAsync(Parties.Ask(market, clusterId, "0.90", 10_000));
        var bid = await buyer.PlaceAsync(Parties.Bid(market, "0.10", 10_000));
        var (_, buyerKey) = await fixture.NewKeyAsync(buyer.Id);
        var (spareKeyId, _) = await fixture.NewKeyAsync(buyer.Id);
        var (revokedKeyId, revokedKey) = await fixture.NewKeyAsync(buyer.Id);
        (await fixture.Operator.DeleteAsync($"/v1/tenants/{buyer.Id}/keys/{revokedKeyId}")).Expect(HttpStatusCode.OK);
        var clients = new Dictionary<string, ApiClient>(StringComparer.Ordinal)
        {
            ["operator"] = fixture.Operator,
            ["provider"] = provider.Client,
            ["buyer"] = buyer.Client,
            ["regulator"] = regulator.Client,
        };
        return new Cast(clients, market, buyer.Id, buyerKey, spareKeyId, revokedKey, clusterId, ask.Str("orderId"), bid.Str("orderId"));
    }

    private sealed record Cast(
        IReadOnlyDictionary<string, ApiClient> Clients, string Market, string BuyerId, string BuyerKey, string SpareKeyId, string RevokedKey,
        string ClusterId, string SellOrderId, string BuyOrderId);
}
