using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;

namespace Exchange.Silo.Api.Endpoints;

/// <summary>Puts example bodies into the OpenAPI document, so /docs shows a request that works.</summary>
public static class OpenApiExamples
{
    public static RouteHandlerBuilder WithExamples(this RouteHandlerBuilder builder, string? request, string? response)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (request is not null && operation.RequestBody?.Content is { } content && content.TryGetValue("application/json", out var media))
            {
                media.Example = JsonNode.Parse(request);
            }

            if (response is not null && operation.Responses is { } responses)
            {
                foreach (var (status, answer) in responses)
                {
                    if (status.StartsWith('2') && answer.Content is { } body && body.TryGetValue("application/json", out var json))
                    {
                        json.Example = JsonNode.Parse(response);
                    }
                }
            }

            return Task.CompletedTask;
        });
    }
}
