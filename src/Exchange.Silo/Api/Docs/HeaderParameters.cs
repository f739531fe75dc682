using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Exchange.Silo.Api.Docs;

/// <summary>Documents request headers that handlers read themselves, which the framework cannot see in their signatures.</summary>
public static class HeaderParameters
{
    /// <summary>The optional Idempotency-Key of a creating operation.</summary>
    public static RouteHandlerBuilder WithIdempotencyKey(this RouteHandlerBuilder builder) => builder.WithHeader(
        Endpoints.Idempotency.Header, required: false,
        "1 to 128 printable ASCII characters without spaces, of the caller's choosing. A repeat with the same key and body answers 200 with what the first call made; the same key with another body is 409 idempotency-key-reused.",
        new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = 128, Pattern = "^[\\x21-\\x7E]+$" });

    /// <summary>The Exchange-Signature a readings batch must carry.</summary>
    public static RouteHandlerBuilder WithSignatureHeader(this RouteHandlerBuilder builder) => builder.WithHeader(
        Endpoints.MeteringEndpoints.SignatureHeader, required: true,
        "Base64 of the ECDSA P-256 / SHA-256 signature (IEEE P1363 r||s, 64 bytes) over the exact body bytes, by the cluster's current meter key. Missing or wrong is 422 bad-signature.",
        new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 128 });

    private static RouteHandlerBuilder WithHeader(this RouteHandlerBuilder builder, string name, bool required, string description, OpenApiSchema schema)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter { Name = name, In = ParameterLocation.Header, Required = required, Description = description, Schema = schema });
            return Task.CompletedTask;
        });
    }
}
