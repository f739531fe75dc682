using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Exchange.Silo.Api.Docs;

/// <summary>Documents the optional <c>Idempotency-Key</c> header of a creating operation (read by the handler itself).</summary>
public static class IdempotencyHeader
{
    public static RouteHandlerBuilder WithIdempotencyKey(this RouteHandlerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = Endpoints.Idempotency.Header,
                In = ParameterLocation.Header,
                Required = false,
                Description = "1 to 128 printable ASCII characters without spaces, of the caller's choosing. A repeat with the same key and body answers 200 with what the first call made; the same key with another body is 409 idempotency-key-reused.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = 128, Pattern = "^[\\x21-\\x7E]+$" },
            });
            return Task.CompletedTask;
        });
    }
}
