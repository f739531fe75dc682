using System.Text.Json.Nodes;
using Exchange.Silo.Api.Problems;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Exchange.Silo.Api.Docs;

/// <summary>
/// What the document says once for every operation: who publishes it, the bearer scheme, what each tag groups, where
/// the server is, and the two problem shapes every refusal answers with.
/// </summary>
internal sealed class DocumentContract : IOpenApiDocumentTransformer
{
    /// <summary>The name operations use to require a key.</summary>
    public const string BearerScheme = "bearer";

    /// <summary>A refusal of any kind (RFC 7807).</summary>
    public const string ProblemSchema = "Problem";

    /// <summary>A 400: a problem whose <c>errors</c> name every bad field.</summary>
    public const string ValidationProblemSchema = "ValidationProblem";

    private static readonly (string Name, string Description)[] Tags =
    [
        ("Health", "Liveness and readiness, for load balancers and orchestrators; no key."),
        ("Market data", "The catalog, the markets, their books, trades and live stream; any valid key."),
        ("Orders", "Buyers buy tokens and providers sell capacity; each reads, reduces and cancels only its own orders and allocations."),
        ("Provider", "A provider's GPU clusters: registration, heartbeats and capacity."),
        ("Regulator", "The complete allocation ledger: search, summaries, exports, order lifecycles, signed checkpoints and verification."),
        ("Operator", "Tenants, their quotas and their API keys."),
    ];

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Info.Title = "Token Outbound Exchange API";
        document.Info.Version = "v1";
        document.Info.Description = "Overseas buyers purchase AI-inference tokens; GPU providers in Hainan and Guangdong sell capacity. "
            + "Every call but health carries an API key as a bearer token. Refusals are RFC 7807 problems whose type ends in a reason code.";
        document.Info.License = new OpenApiLicense { Name = "Proprietary: Token Outbound Exchange terms of use", Url = new Uri("https://token-outbound.exchange/terms") };
        document.Info.Contact = new OpenApiContact { Name = "Token Outbound Exchange operations", Url = new Uri("https://token-outbound.exchange/support") };

        // The framework names the server after the request with a trailing slash; paths already start with one.
        foreach (var server in document.Servers ?? [])
        {
            server.Url = server.Url?.TrimEnd('/');
        }

        document.Tags = new HashSet<OpenApiTag>(Tags.Select(t => new OpenApiTag { Name = t.Name, Description = t.Description }));
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key an operator created for the tenant, sent as `Authorization: Bearer <key>`.",
            },
        };
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        // Every problem answer refers to the two schemas below (OperationContract); the framework's own would be unused.
        document.Components.Schemas.Remove("ProblemDetails");
        document.Components.Schemas.Remove("HttpValidationProblemDetails");
        document.Components.Schemas[ProblemSchema] = Problem();
        document.Components.Schemas[ValidationProblemSchema] = ValidationProblem();
        return Task.CompletedTask;
    }

    private static OpenApiSchema Problem() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "An RFC 7807 problem. The type ends in a stable reason code.",
        Required = new HashSet<string> { "type", "title", "status" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A URI ending in the reason code." },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request's trace, for the operators." },
        },
        Examples =
        [
            new JsonObject
            {
                ["type"] = Problems.Problem.TypeBase + "credit-limit-exceeded",
                ["title"] = "The exchange refused the request.",
                ["status"] = 422,
                ["detail"] = "credit limit exceeded",
            },
        ],
    };

    private static OpenApiSchema ValidationProblem()
    {
        var schema = Problem();
        schema.Description = "An RFC 7807 problem of type .../validation: errors maps each bad field to what is wrong with it.";
        schema.Required!.Add("errors");
        schema.Properties!["errors"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
        };
        schema.Examples =
        [
            new JsonObject
            {
                ["type"] = Problems.Problem.TypeBase + "validation",
                ["title"] = "The request is not valid.",
                ["status"] = 400,
                ["detail"] = "See errors: each names a field and what is wrong with it.",
                ["errors"] = new JsonObject { ["quantity"] = new JsonArray("Must be a multiple of the lot size, 1000.") },
            },
        ];
        return schema;
    }
}
