using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Exchange.Silo.Api.Docs;

/// <summary>A query parameter as the document shows it, where the handler's signature cannot say it all.</summary>
/// <param name="Format">A JSON Schema string format (date-time), or null for a plain string.</param>
/// <param name="Required">Whether the handler refuses a request without it (it reads it as optional to name it in its problem).</param>
/// <param name="Choices">The only values it takes, if it is one of a fixed set.</param>
/// <param name="Integer">Whether it is a whole number (the handler reads the text to name a bad one in its problem).</param>
public sealed record QueryParameter(
    string Name, string Description, string? Format = null, bool Required = false, IReadOnlyList<string>? Choices = null, bool Integer = false);

/// <summary>
/// Documents query parameters that handlers read from <c>HttpContext.Request.Query</c> (so that a set of filters has one
/// reader and every bad one is named), which the framework cannot see in the handler's signature.
/// </summary>
public static class QueryParameters
{
    /// <summary>The keyset paging every list takes.</summary>
    public static readonly QueryParameter[] Paging =
    [
        new("cursor", "The nextCursor of the previous page; absent for the first page."),
        new("limit", "Items per page, 1 to Api:MaxPageSize (default Api:DefaultPageSize).", Integer: true),
    ];

    /// <summary>The allocation filters (AllocationFilters); all optional, all combined.</summary>
    public static readonly QueryParameter[] AllocationFilters =
    [
        new("from", "Matched at or after this time (ISO 8601).", "date-time"),
        new("to", "Matched before this time (ISO 8601).", "date-time"),
        new("deliveryFrom", "Delivery periods starting at or after this time (ISO 8601).", "date-time"),
        new("deliveryTo", "Delivery periods starting before this time (ISO 8601).", "date-time"),
        new("region", "The delivering cluster's region, e.g. hainan."),
        new("providerId", "The provider's tenant id."),
        new("clusterId", "The delivering cluster."),
        new("buyerId", "The buyer's tenant id."),
        new("jurisdiction", "The buyer's jurisdiction (ISO 3166-1 alpha-2)."),
        new("model", "The model, e.g. chat-70b."),
        new("marketId", "One market (model.yyyyMMddTHHmm)."),
    ];

    /// <summary>A statement's month and format.</summary>
    public static readonly QueryParameter[] Statement =
    [
        new("month", "The UTC month, YYYY-MM.", Required: true),
        new("format", "json (the default) or csv.", Choices: ["json", "csv"]),
    ];

    /// <summary>The ledger transfer filters; all optional, all combined.</summary>
    public static readonly QueryParameter[] TransferFilters =
    [
        new("from", "At or after this time (ISO 8601).", "date-time"),
        new("to", "Before this time (ISO 8601).", "date-time"),
        new("tenantId", "Transfers touching any account this tenant holds."),
        new("allocationId", "Transfers of this allocation."),
        new("kind", "One kind of transfer.", Choices: [.. Responses.LedgerFormat.Kinds.Keys]),
    ];

    /// <summary>The export flows' grouping and time range.</summary>
    public static readonly QueryParameter[] Flows =
    [
        new("groupBy", "Comma-separated: region, jurisdiction, model, provider, day (default region,jurisdiction)."),
        new("from", "Intervals starting at or after this time (ISO 8601).", "date-time"),
        new("to", "Intervals starting before this time (ISO 8601).", "date-time"),
    ];

    public static RouteHandlerBuilder WithQuery(this RouteHandlerBuilder builder, params QueryParameter[][] sets)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            foreach (var parameter in sets.SelectMany(s => s))
            {
                // Replaces what the framework inferred from the signature, if it saw the parameter at all.
                var inferred = operation.Parameters.Where(p => p.In == ParameterLocation.Query && p.Name == parameter.Name).ToList();
                foreach (var stale in inferred)
                {
                    operation.Parameters.Remove(stale);
                }

                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = parameter.Name,
                    In = ParameterLocation.Query,
                    Required = parameter.Required,
                    Description = parameter.Description,
                    Schema = new OpenApiSchema
                    {
                        Type = parameter.Integer ? JsonSchemaType.Integer : JsonSchemaType.String,
                        Format = parameter.Integer ? "int32" : parameter.Format,
                        Enum = parameter.Choices?.Select(c => (System.Text.Json.Nodes.JsonNode)System.Text.Json.Nodes.JsonValue.Create(c)).ToList(),
                    },
                });
            }

            return Task.CompletedTask;
        });
    }
}
