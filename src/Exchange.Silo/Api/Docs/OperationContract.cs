using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Exchange.Silo.Api.Docs;

/// <summary>
/// The answers every operation can give because of what it is rather than what it does, derived from its endpoint's
/// metadata so that the document cannot forget one: a key (401) and a role (403) where the endpoint's policy asks for
/// them, a made-up id in the path (404), a body that is bad or too large (400, 413), and an unavailable database or
/// cluster (503, any /v1 call). Every problem answer gets the problem schema; 429 and 503 say when to retry.
/// </summary>
internal sealed class OperationContract : IOpenApiOperationTransformer
{
    private static readonly int AllRoles = Enum.GetValues<Security.ApiRole>().Length;

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var path = "/" + (context.Description.RelativePath ?? string.Empty);
        operation.Responses ??= new OpenApiResponses();
        if (metadata.OfType<IAllowAnonymous>().Any())
        {
            // An empty requirement: callable without credentials (health checks, which load balancers ask without a key).
            operation.Security = [new OpenApiSecurityRequirement()];
        }
        else
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(DocumentContract.BearerScheme, context.Document)] = [] }];
            Add(operation, 401, "No key, or one that is unknown, revoked or of a suspended tenant.");
            var roles = metadata.OfType<AuthorizationPolicy>().SelectMany(p => p.Requirements).OfType<RolesAuthorizationRequirement>()
                .SelectMany(r => r.AllowedRoles).Distinct().ToList();
            if (roles.Count is > 0 && roles.Count < AllRoles)
            {
                Add(operation, 403, $"The key's role may not call this; it serves {string.Join(", ", roles)} keys.");
            }
        }

        if (operation.Parameters?.Any(p => p.In == ParameterLocation.Path) == true)
        {
            Add(operation, 404, "No such object, or one of another tenant's: the two are not told apart.");
        }

        if (operation.RequestBody is not null)
        {
            Add(operation, 400, "The body is not valid JSON of this shape; errors names each bad field.");
            Add(operation, 413, "The body is larger than the API accepts.");
            Add(operation, 415, "The body is not application/json.");
        }

        if (path.StartsWith("/v1/", StringComparison.Ordinal))
        {
            Add(operation, 503, "The database or the cluster did not answer, or a query ran past its time limit: nothing unacknowledged was changed. Retry with the same ids.");
        }

        foreach (var (status, response) in operation.Responses)
        {
            // An answer the endpoint declared with a body of its own (readiness's 503) keeps it; every other refusal is a problem.
            if (status.Length == 3 && status[0] is '4' or '5' && response is OpenApiResponse concrete && !DeclaresOwnBody(concrete))
            {
                Describe(concrete, status, context.Document);
            }
        }

        return Task.CompletedTask;
    }

    private static bool DeclaresOwnBody(OpenApiResponse response) =>
        response.Content?.Any(c => c.Key != "application/problem+json" && c.Value.Schema is not null) == true;

    private static void Add(OpenApiOperation operation, int status, string description)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!operation.Responses!.ContainsKey(key))
        {
            operation.Responses[key] = new OpenApiResponse { Description = description };
        }
    }

    private static void Describe(OpenApiResponse response, string status, OpenApiDocument? document)
    {
        if (string.IsNullOrEmpty(response.Description) || response.Description == ReasonPhrase(status))
        {
            response.Description = Default(status);
        }

        var schema = status == "400" ? DocumentContract.ValidationProblemSchema : DocumentContract.ProblemSchema;
        response.Content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/problem+json"] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(schema, document) },
        };
        if (status is "429" or "503")
        {
            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            response.Headers["Retry-After"] = new OpenApiHeader
            {
                Description = "Seconds to wait before retrying.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
            };
        }
    }

    private static string ReasonPhrase(string status) =>
        int.TryParse(status, out var code) ? Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(code) : string.Empty;

    private static string Default(string status) => status switch
    {
        "400" => "A parameter or the body is not valid; errors names each bad field.",
        "404" => "No such object, or one of another tenant's: the two are not told apart.",
        "409" => "Conflicts with an earlier request (the type ends in the reason code).",
        "422" => "The exchange understood the request and refused it; the type ends in the reason code.",
        "429" => "Too many requests for this tenant; retry after Retry-After seconds.",
        "503" => "Not available right now; retry after Retry-After seconds.",
        _ => ReasonPhrase(status),
    };
}
