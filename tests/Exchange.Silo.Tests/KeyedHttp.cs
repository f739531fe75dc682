using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Exchange.Silo.Tests;

/// <summary>An answer: its status, its JSON body (undefined when empty) and its Retry-After.</summary>
public sealed record KeyedAnswer(HttpStatusCode Status, JsonElement Body, RetryConditionHeaderValue? RetryAfter);

/// <summary>HTTP calls with a bearer key, for the tests that start silos of their own (no <c>ApiSiloFixture</c>).</summary>
public static class KeyedHttp
{
    public static async Task<KeyedAnswer> SendAsync(HttpClient http, string key, HttpMethod method, string path, object? body = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Api.ApiContract.Check(method, path, response.StatusCode, response.Content.Headers.ContentType?.MediaType, text);
        return new KeyedAnswer(response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), response.Headers.RetryAfter);
    }

    /// <summary>Creates a tenant of <paramref name="kind"/> with the operator key and returns its id and a key of its own.</summary>
    public static async Task<(string Id, string Key)> NewTenantAsync(HttpClient http, string operatorKey, string kind, string? jurisdiction = null)
    {
        var id = $"{kind[0]}-{Guid.NewGuid():N}"[..14];
        var created = await SendAsync(http, operatorKey, HttpMethod.Post, "/v1/tenants",
            new { id, kind, name = $"Test {kind}", jurisdiction = jurisdiction ?? (kind == "buyer" ? "DE" : "CN") });
        Assert.True(created.Status == HttpStatusCode.Created, $"creating {kind} {id}: {(int)created.Status}");
        var key = await SendAsync(http, operatorKey, HttpMethod.Post, $"/v1/tenants/{id}/keys");
        return (id, key.Body.GetProperty("key").GetString()!);
    }
}
