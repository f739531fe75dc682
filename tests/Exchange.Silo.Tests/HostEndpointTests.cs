using System.Net;
using System.Text.Json;
using Exchange.Contracts.Markets;
using Exchange.Markets;
using Exchange.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Exchange.Silo.Tests;

/// <summary>One running silo shared by the endpoint tests.</summary>
public sealed class RunningSiloFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;

    public SiloProcess Silo { get; private set; } = null!;

    public string OperatorKey { get; } = $"op-{Guid.NewGuid():N}";

    public string ClusterId { get; } = $"endpoints-{Guid.NewGuid():N}";

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync("endpoints", migrate: false);
        Silo = SiloProcess.Start(Database.ConnectionString, ClusterId, $"--Exchange:BootstrapKey={OperatorKey}");
        await Silo.WaitReadyAsync();
    }

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        await Database.DisposeAsync();
    }
}

public sealed class HostEndpointTests(RunningSiloFixture fixture) : IClassFixture<RunningSiloFixture>
{
    private HttpClient Http => fixture.Silo.Http;

    [Fact]
    public async Task Healthz_answers_200_while_the_process_is_up()
    {
        using var response = await Http.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Readyz_reports_each_dependency_by_name()
    {
        using var response = await Http.GetAsync(new Uri("/readyz", UriKind.Relative));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("healthy", body.RootElement.GetProperty("checks").GetProperty("postgresql").GetProperty("status").GetString());
        Assert.Equal("healthy", body.RootElement.GetProperty("checks").GetProperty("orleans").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Metrics_expose_Orleans_Npgsql_and_exchange_instruments_in_Prometheus_format()
    {
        using (await Http.GetAsync(new Uri("/readyz", UriKind.Relative)))
        {
        }

        await Eventually.HoldsAsync("Orleans and exchange metrics on /metrics", TimeSpan.FromSeconds(30), async () =>
        {
            var text = await Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            return text.Contains("orleans_", StringComparison.Ordinal)
                && text.Contains("exchange_readiness_checks", StringComparison.Ordinal)
                && text.Contains("db_client_operation_duration", StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task The_OpenAPI_document_and_its_reference_page_are_served()
    {
        using var document = JsonDocument.Parse(await Http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        using var docs = await Http.GetAsync(new Uri("/docs", UriKind.Relative));

        Assert.StartsWith("3.", document.RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = document.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/readyz", out _));
        Assert.DoesNotContain(paths.EnumerateObject(), p => p.Name.StartsWith("/dashboard", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
    }

    [Fact]
    public async Task The_operator_dashboard_is_served_to_an_operator_key_only()
    {
        using (var anonymous = await Http.GetAsync(new Uri("/dashboard", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Contains("Basic", anonymous.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }

        using var wrong = new HttpRequestMessage(HttpMethod.Get, new Uri("/dashboard", UriKind.Relative));
        wrong.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String("ops:not-the-key"u8.ToArray()));
        using (var refused = await Http.SendAsync(wrong))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        // The trailing slash: HttpClient drops credentials when it follows the dashboard's redirect there.
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/dashboard/", UriKind.Relative));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"ops:{fixture.OperatorKey}")));
        using var response = await Http.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"/dashboard/ answered {(int)response.StatusCode}");
    }

    [Theory]
    [InlineData("/dashboard/")]
    [InlineData("/DASHBOARD/")]
    [InlineData("/Dashboard/")]
    [InlineData("/DashBoard")]
    public async Task No_spelling_of_the_dashboard_is_served_without_an_operator_key(string path)
    {
        var buyerKey = await NewBuyerKeyAsync();
        string?[] refused = [null, $"Bearer {buyerKey}", "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"ops:{buyerKey}"))];

        foreach (var authorization in refused)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            using var response = await Http.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{path} with '{authorization?[..6]}' answered {(int)response.StatusCode}");
            Assert.Contains("Basic", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }
    }

    private async Task<string> NewBuyerKeyAsync()
    {
        var id = $"dash-{Guid.NewGuid():N}"[..20];
        using var create = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/tenants", UriKind.Relative))
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { id, kind = "buyer", name = "Dashboard tester", jurisdiction = "DE" }),
        };
        create.Headers.TryAddWithoutValidation("Authorization", $"Bearer {fixture.OperatorKey}");
        using (var created = await Http.SendAsync(create))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using var issue = new HttpRequestMessage(HttpMethod.Post, new Uri($"/v1/tenants/{id}/keys", UriKind.Relative));
        issue.Headers.TryAddWithoutValidation("Authorization", $"Bearer {fixture.OperatorKey}");
        using var issued = await Http.SendAsync(issue);
        using var body = JsonDocument.Parse(await issued.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("key").GetString()!;
    }

    [Fact]
    public async Task A_market_refuses_an_order_no_tenant_grain_admitted_even_from_a_client_on_the_gateway()
    {
        using var client = await ClusterClient.ConnectAsync(fixture.Database.ConnectionString, fixture.ClusterId);
        var grains = client.Services.GetRequiredService<IClusterClient>();
        var start = DateTimeOffset.UtcNow.AddHours(6);
        var market = new MarketId("chat-70b", new DateTimeOffset(start.Year, start.Month, start.Day, start.Hour, 0, 0, TimeSpan.Zero)).ToString();
        var buy = new OrderRequest("someone", "c-1", OrderSide.Buy, OrderKind.Limit, 400_000, 1_000_000_000, OrderTimeInForce.Gtc, null, false, null, null, "KP");
        var sell = new OrderRequest("someone", "c-2", OrderSide.Sell, OrderKind.Limit, 400_000, 1_000, OrderTimeInForce.Gtc, null, false,
            new SellerCluster("anyone's", "hainan", 3, []), null, "CN", TenantEpoch: 7);

        Assert.Equal(RejectCode.UncheckedOrder, (await grains.GetGrain<IMarketGrain>(market).Place(buy)).RejectReason);
        Assert.Equal(RejectCode.UncheckedOrder, (await grains.GetGrain<IMarketGrain>(market).Place(sell)).RejectReason);
        Assert.Equal(0, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM market_journal_batches"));
    }

    [Fact]
    public async Task The_Orleans_gateway_listens_on_loopback_only()
    {
        // /proc/net/tcp: local address and port in hex, state 0A = listening; 0100007F is 127.0.0.1.
        var port = fixture.Silo.GatewayPort.ToString("X4", System.Globalization.CultureInfo.InvariantCulture);
        var listening = (await File.ReadAllLinesAsync("/proc/net/tcp")).Skip(1)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f[1].EndsWith(":" + port, StringComparison.Ordinal) && f[3] == "0A")
            .Select(f => f[1])
            .ToList();

        Assert.Equal(["0100007F:" + port], listening);
        Assert.Equal(System.Net.IPAddress.Loopback, new Exchange.Silo.Hosting.SiloHostingOptions { AdvertisedAddress = "10.1.2.3" }.GatewayEndpoint.Address);
    }

    [Fact]
    public async Task The_silo_applied_every_migration_at_start()
    {
        var applied = await fixture.Database.ScalarAsync<int>("SELECT count(*) FROM schema_migrations");

        Assert.Equal(Exchange.Storage.Migrations.MigrationCatalog.All.Count, applied);
    }
}
