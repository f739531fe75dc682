using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Exchange.Silo.Api.Docs;

/// <summary>Further media types of a successful answer that a handler chooses itself (from a query parameter).</summary>
public static class MediaTypes
{
    public static RouteHandlerBuilder AlsoAnswers(this RouteHandlerBuilder builder, string mediaType, string example)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.Responses?.TryGetValue("200", out var answer) == true && answer is OpenApiResponse concrete)
            {
                concrete.Content ??= new Dictionary<string, OpenApiMediaType>();
                concrete.Content[mediaType] = new OpenApiMediaType { Example = System.Text.Json.Nodes.JsonValue.Create(example) };
            }

            return Task.CompletedTask;
        });
    }
}
