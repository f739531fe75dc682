using System.Text.Json;
using Exchange.Silo.Api.Problems;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Exchange.Silo.Api.Requests;

/// <summary>Reads a request body as a JSON object, within the configured size, or says precisely why it cannot.</summary>
public static class JsonRequest
{
    private static readonly JsonDocumentOptions Parsing = new() { MaxDepth = 16, AllowDuplicateProperties = false };

    /// <summary>
    /// The parsed body and its raw bytes (for idempotency fingerprints and signatures), or the problem to answer with;
    /// within <paramref name="limit"/> bytes when given, else Api:MaxRequestBodyBytes.
    /// </summary>
    public static async Task<(JsonDocument? Body, byte[] Raw, IResult? Problem)> ReadAsync(HttpContext context, int? limit = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var bytes = limit ?? context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.MaxRequestBodyBytes;
        return await ReadWithinAsync(context, bytes);
    }

    private static async Task<(JsonDocument? Body, byte[] Raw, IResult? Problem)> ReadWithinAsync(HttpContext context, int limit)
    {
        if (context.Request.ContentLength > limit)
        {
            return (null, [], Problem.TooLarge(limit));
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        if (!IsJson(context.Request.ContentType))
        {
            return (null, [], Problem.Of(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type",
                "The body must be JSON.", "Send Content-Type: application/json."));
        }

        using var buffer = new MemoryStream();
        try
        {
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, [], Problem.TooLarge(limit));
        }

        var raw = buffer.ToArray();
        try
        {
            return (JsonDocument.Parse(raw, Parsing), raw, null);
        }
        catch (JsonException ex)
        {
            return (null, raw, Problem.Invalid("$", $"The body is not valid JSON: {ex.Message}"));
        }
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null
        && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || (contentType.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && contentType.Contains("+json", StringComparison.OrdinalIgnoreCase)));
}
