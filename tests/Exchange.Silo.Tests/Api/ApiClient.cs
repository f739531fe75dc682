using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Exchange.Silo.Tests.Api;

/// <summary>Calls the silo's HTTP API with one Authorization header value (or none): JSON in, <see cref="ApiResponse"/> out.</summary>
public sealed class ApiClient(HttpClient http, string? authorization)
{
    /// <summary>The same caller, sent to another silo.</summary>
    public ApiClient To(HttpClient other) => new(other, authorization);

    public Task<ApiResponse> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<ApiResponse> PostAsync(string path, object? body = null, string? idempotencyKey = null) =>
        SendAsync(HttpMethod.Post, path, body, idempotencyKey);

    public Task<ApiResponse> PutAsync(string path, object body) => SendAsync(HttpMethod.Put, path, body);

    public Task<ApiResponse> PatchAsync(string path, object body) => SendAsync(HttpMethod.Patch, path, body);

    public Task<ApiResponse> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    /// <summary>
    /// Sends <paramref name="body"/> as is when it is <see cref="HttpContent"/>, verbatim as application/json when it is a
    /// string (so malformed JSON can be sent), and serialized otherwise.
    /// </summary>
    public async Task<ApiResponse> SendAsync(
        HttpMethod method, string path, object? body = null, string? idempotencyKey = null, bool expectContinue = false, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        request.Headers.ExpectContinue = expectContinue;
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        request.Content = body switch
        {
            null => null,
            HttpContent content => content,
            string text => new StringContent(text, Encoding.UTF8, "application/json"),
            _ => JsonContent.Create(body),
        };
        using var response = await http.SendAsync(request);
        var answer = await response.Content.ReadAsStringAsync();
        ApiContract.Check(method, path, response.StatusCode, response.Content.Headers.ContentType?.MediaType, answer);
        return new ApiResponse(response.StatusCode, response.Content.Headers.ContentType?.MediaType, response.Headers, answer);
    }
}

/// <summary>A status, the media type, the headers and the parsed JSON body (undefined when the body is not JSON).</summary>
public sealed class ApiResponse
{
    public ApiResponse(HttpStatusCode status, string? mediaType, HttpResponseHeaders headers, string text)
    {
        Status = status;
        MediaType = mediaType;
        Headers = headers;
        Text = text;
        try
        {
            using var document = JsonDocument.Parse(text);
            Json = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            Json = default;
        }
    }

    public HttpStatusCode Status { get; }

    public string? MediaType { get; }

    public HttpResponseHeaders Headers { get; }

    public string Text { get; }

    public JsonElement Json { get; }

    public JsonElement this[string name] => Json.TryGetProperty(name, out var value) ? value : throw new KeyNotFoundException($"No '{name}' in {Text}");

    public string Str(string name) => this[name].GetString()!;

    public long Long(string name) => this[name].GetInt64();

    public IReadOnlyList<JsonElement> Items => [.. this["items"].EnumerateArray()];

    /// <summary>The field names of a validation problem's <c>errors</c>.</summary>
    public IReadOnlyList<string> ErrorFields =>
        Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty("errors", out var errors) ? [.. errors.EnumerateObject().Select(e => e.Name)] : [];

    /// <summary>Asserts the status (the body is in the message when it differs) and returns this answer.</summary>
    public ApiResponse Expect(HttpStatusCode status)
    {
        Assert.True(Status == status, $"Expected {(int)status}, got {this}");
        return this;
    }

    /// <summary>The status and the start of the body, for assertion messages.</summary>
    public override string ToString() => $"{(int)Status}: {Text[..Math.Min(Text.Length, 1000)]}";

    /// <summary>Asserts an RFC 7807 answer with this status and, when given, a type ending in the reason code.</summary>
    public ApiResponse ExpectProblem(HttpStatusCode status, string? reason = null)
    {
        Expect(status);
        Assert.Equal("application/problem+json", MediaType);
        Assert.Equal((int)status, this["status"].GetInt32());
        if (reason is not null)
        {
            Assert.EndsWith("/" + reason, Str("type"), StringComparison.Ordinal);
        }

        return this;
    }

    /// <summary>Asserts a 400 validation problem whose errors name <paramref name="field"/>.</summary>
    public ApiResponse ExpectInvalid(string field)
    {
        ExpectProblem(HttpStatusCode.BadRequest, "validation");
        Assert.True(ErrorFields.Contains(field), $"Expected an error for '{field}': {Text}");
        return this;
    }
}
