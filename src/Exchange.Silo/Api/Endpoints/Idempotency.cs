using System.Security.Cryptography;
using Exchange.Markets;
using Exchange.Silo.Api.Problems;
using Exchange.Silo.Api.Requests;
using Exchange.Silo.Api.Security;
using Exchange.Storage.Access;

namespace Exchange.Silo.Api.Endpoints;

/// <summary>
/// The <c>Idempotency-Key</c> header of creating requests: a repeat with the same key and body answers with the
/// resource the first call made (200, in its current state); the same key with another body is 409.
/// </summary>
public static class Idempotency
{
    public const string Header = "Idempotency-Key";

    /// <summary>What to do before creating: go on (null), or answer now (an earlier use of the key, or a bad key).</summary>
    public static async Task<IResult?> CheckAsync(HttpContext context, string operation, byte[] body, Func<string, Task<IResult>> current)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(current);
        if (Key(context) is not { } key)
        {
            return null;
        }

        if (key.Length > 128 || !Ids.Printable().IsMatch(key))
        {
            return Problem.Invalid(Header, "Must be 1 to 128 printable ASCII characters.");
        }

        var earlier = await context.RequestServices.GetRequiredService<IdempotencyStore>()
            .FindAsync(context.Caller().TenantId, key, context.RequestAborted);
        if (earlier is null)
        {
            return null;
        }

        return earlier.Operation == operation && earlier.Fingerprint.AsSpan().SequenceEqual(SHA256.HashData(body))
            ? await current(earlier.ResourceId)
            : Problem.Rejected(RejectCode.IdempotencyKeyReused, "This Idempotency-Key was used for a different request.");
    }

    /// <summary>Remembers which resource a key's request created or found.</summary>
    public static async Task RecordAsync(HttpContext context, string operation, byte[] body, string resourceId)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Key(context) is { } key)
        {
            await context.RequestServices.GetRequiredService<IdempotencyStore>().RecordAsync(
                context.Caller().TenantId, key, new IdempotencyRecord(operation, SHA256.HashData(body), resourceId), context.RequestAborted);
        }
    }

    private static string? Key(HttpContext context) =>
        context.Request.Headers.TryGetValue(Header, out var values) && values.Count > 0 ? values.ToString() : null;
}
