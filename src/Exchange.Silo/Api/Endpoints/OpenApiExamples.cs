using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Exchange.Silo.Api.Endpoints;

/// <summary>Puts example bodies into the OpenAPI document, so /docs shows a request that works.</summary>
public static class OpenApiExamples
{
    public static RouteHandlerBuilder WithExamples(this RouteHandlerBuilder builder, string? request, string? response, string responseType = "application/json")
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (request is not null && operation.RequestBody?.Content is { } content && content.TryGetValue("application/json", out var requestMedia))
            {
                requestMedia.Example = JsonNode.Parse(request);
            }

            if (response is not null && operation.Responses is { } responses)
            {
                foreach (var (status, answer) in responses)
                {
                    if (!status.StartsWith('2'))
                    {
                        continue;
                    }

                    var example = responseType.EndsWith("json", StringComparison.Ordinal) ? JsonNode.Parse(response) : JsonValue.Create(response);
                    if (answer.Content is { } body && body.TryGetValue(responseType, out var media))
                    {
                        media.Example = example;
                    }
                    else if (answer is OpenApiResponse concrete)
                    {
                        // A streamed answer has no schema, so the document lists no content to hang the example on.
                        concrete.Content ??= new Dictionary<string, OpenApiMediaType>();
                        concrete.Content[responseType] = new OpenApiMediaType { Example = example };
                    }
                }
            }

            return Task.CompletedTask;
        });
    }
}
