using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Exchange.TestSupport;

namespace Exchange.Silo.Tests;

/// <summary>Without its database the silo says so: not ready, and writes answered 503 without losing anything.</summary>
public sealed class ReadinessTests
{
    [Fact]
    public async Task Readyz_is_503_while_PostgreSQL_is_stopped_and_200_again_after_it_restarts()
    {
        await using var postgres = await PrivatePostgres.StartAsync();
        await using var silo = SiloProcess.Start(postgres.ConnectionString, $"readyz-{Guid.NewGuid():N}");
        await silo.WaitReadyAsync();

        await postgres.StopAsync();
        await Eventually.HoldsAsync("/readyz to answer 503 with PostgreSQL down", TimeSpan.FromSeconds(30), async () =>
            (await silo.Http.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode == HttpStatusCode.ServiceUnavailable);
        using (var live = await silo.Http.GetAsync(new Uri("/healthz", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }

        await postgres.StartAgainAsync();
        await Eventually.HoldsAsync("/readyz to answer 200 after PostgreSQL restarted", TimeSpan.FromSeconds(60), async () =>
            (await silo.Http.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode == HttpStatusCode.OK);
        Assert.False(silo.HasExited, silo.Output);
    }

    [Fact]
    public async Task An_order_sent_while_PostgreSQL_is_down_is_a_503_and_its_retry_after_the_restart_places_it_once()
    {
        await using var postgres = await PrivatePostgres.StartAsync();
        var bootstrap = $"boot-{Guid.NewGuid():N}";
        await using var silo = SiloProcess.Start(postgres.ConnectionString, $"down-{Guid.NewGuid():N}", $"--Exchange:BootstrapKey={bootstrap}");
        await silo.WaitReadyAsync();
        var buyerKey = await NewTenantAsync(silo, bootstrap, "buyer");
        var markets = await Send(silo, bootstrap, HttpMethod.Get, "/v1/markets?model=chat-70b&limit=4", null);
        var market = markets.Body.GetProperty("items")[3].GetProperty("marketId").GetString();
        var order = new { clientOrderId = "while-down", marketId = market, side = "buy", price = "0.42", quantity = 10_000 };

        await postgres.StopAsync();
        var refused = await Send(silo, buyerKey, HttpMethod.Post, "/v1/orders", order);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.Status);
        Assert.EndsWith("/unavailable", refused.Body.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.NotNull(refused.RetryAfter);

        await postgres.StartAgainAsync();
        await Eventually.HoldsAsync("the retry to be placed once PostgreSQL is back", TimeSpan.FromSeconds(60), async () =>
            (await Send(silo, buyerKey, HttpMethod.Post, "/v1/orders", order)).Status is HttpStatusCode.Created or HttpStatusCode.OK);
        var again = await Send(silo, buyerKey, HttpMethod.Post, "/v1/orders", order);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        var listed = await Send(silo, buyerKey, HttpMethod.Get, "/v1/orders", null);
        Assert.Equal(1, listed.Body.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_tenant_created_while_PostgreSQL_is_down_is_a_503_every_time_and_its_retry_after_the_restart_stores_it()
    {
        await using var postgres = await PrivatePostgres.StartAsync();
        var (bootstrap, service) = ($"boot-{Guid.NewGuid():N}", $"svc-{Guid.NewGuid():N}");
        await using var silo = await StartSiloAsync(postgres, bootstrap, service);
        var tenant = new { id = $"t-{Guid.NewGuid():N}"[..14], kind = "buyer", name = "Buyer", jurisdiction = "DE" };
        // Looked up first, so its grain is active when the database goes away and only its writes can fail.
        Assert.Equal(HttpStatusCode.NotFound, (await Send(silo, bootstrap, HttpMethod.Get, $"/v1/tenants/{tenant.id}", null)).Status);

        await postgres.StopAsync();
        // The retry must not take the first attempt's unstored tenant for a stored one.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await Send(silo, bootstrap, HttpMethod.Post, "/v1/tenants", tenant)).Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await Send(silo, bootstrap, HttpMethod.Post, "/v1/tenants", tenant)).Status);

        await postgres.StartAgainAsync();
        Assert.Equal(HttpStatusCode.Created, await FirstAnswerOtherThan503Async(silo, bootstrap, "/v1/tenants", tenant));
        Assert.Equal(HttpStatusCode.OK, await StatusOnAFreshSiloAsync(silo, postgres, bootstrap, service, bootstrap, $"/v1/tenants/{tenant.id}"));
    }

    [Fact]
    public async Task A_cluster_registered_while_PostgreSQL_is_down_is_a_503_and_whatever_its_retry_answers_is_stored()
    {
        await using var postgres = await PrivatePostgres.StartAsync();
        var (bootstrap, service) = ($"boot-{Guid.NewGuid():N}", $"svc-{Guid.NewGuid():N}");
        await using var silo = await StartSiloAsync(postgres, bootstrap, service);
        var providerKey = await NewTenantAsync(silo, bootstrap, "provider");
        var clusterId = $"gpu-{Guid.NewGuid():N}"[..14];
        var cluster = Api.Parties.Cluster(clusterId);
        // Looked up first, so its grain is active when the database goes away and only its writes can fail.
        Assert.Equal(HttpStatusCode.NotFound, (await Send(silo, providerKey, HttpMethod.Get, $"/v1/clusters/{clusterId}", null)).Status);

        await postgres.StopAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await Send(silo, providerKey, HttpMethod.Post, "/v1/clusters", cluster)).Status);

        // The first attempt's write may still land once the database is back (201 on the retry) or not (the retry's own
        // 201, or 200 if the first landed meanwhile): either way the registration must be stored, not only remembered.
        await postgres.StartAgainAsync();
        Assert.Contains(await FirstAnswerOtherThan503Async(silo, providerKey, "/v1/clusters", cluster), new[] { HttpStatusCode.Created, HttpStatusCode.OK });
        Assert.Equal(HttpStatusCode.OK, await StatusOnAFreshSiloAsync(silo, postgres, bootstrap, service, providerKey, $"/v1/clusters/{clusterId}"));
    }

    private static async Task<SiloProcess> StartSiloAsync(PrivatePostgres postgres, string bootstrap, string service)
    {
        var silo = SiloProcess.Start(postgres.ConnectionString, $"down-{Guid.NewGuid():N}", $"--Exchange:BootstrapKey={bootstrap}", $"--Silo:ServiceId={service}");
        await silo.WaitReadyAsync();
        return silo;
    }

    /// <summary>Kills the silo, so nothing it only remembered survives, and asks a fresh one (same service and database) for <paramref name="path"/>.</summary>
    private static async Task<HttpStatusCode> StatusOnAFreshSiloAsync(
        SiloProcess silo, PrivatePostgres postgres, string bootstrap, string service, string key, string path)
    {
        silo.Kill();
        await using var fresh = await StartSiloAsync(postgres, bootstrap, service);
        return (await Send(fresh, key, HttpMethod.Get, path, null)).Status;
    }

    private static async Task<HttpStatusCode> FirstAnswerOtherThan503Async(SiloProcess silo, string key, string path, object body)
    {
        var status = HttpStatusCode.ServiceUnavailable;
        await Eventually.HoldsAsync($"an answer other than 503 to POST {path} once PostgreSQL is back", TimeSpan.FromSeconds(60), async () =>
            (status = (await Send(silo, key, HttpMethod.Post, path, body)).Status) != HttpStatusCode.ServiceUnavailable);
        return status;
    }

    private static async Task<string> NewTenantAsync(SiloProcess silo, string bootstrap, string kind) =>
        (await KeyedHttp.NewTenantAsync(silo.Http, bootstrap, kind)).Key;

    private static async Task<(HttpStatusCode Status, JsonElement Body, RetryConditionHeaderValue? RetryAfter)> Send(
        SiloProcess silo, string key, HttpMethod method, string path, object? body)
    {
        var answer = await KeyedHttp.SendAsync(silo.Http, key, method, path, body);
        return (answer.Status, answer.Body, answer.RetryAfter);
    }
}
