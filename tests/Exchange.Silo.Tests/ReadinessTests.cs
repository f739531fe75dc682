using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
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
        var buyerKey = await NewBuyerAsync(silo, bootstrap);
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

    private static async Task<string> NewBuyerAsync(SiloProcess silo, string bootstrap)
    {
        var id = $"b-{Guid.NewGuid():N}"[..14];
        Assert.Equal(HttpStatusCode.Created, (await Send(silo, bootstrap, HttpMethod.Post, "/v1/tenants", new { id, kind = "buyer", name = "Buyer", jurisdiction = "DE" })).Status);
        return (await Send(silo, bootstrap, HttpMethod.Post, $"/v1/tenants/{id}/keys", null)).Body.GetProperty("key").GetString()!;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body, RetryConditionHeaderValue? RetryAfter)> Send(
        SiloProcess silo, string key, HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await silo.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), response.Headers.RetryAfter);
    }
}
