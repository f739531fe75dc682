using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Exchange.TestSupport;
using Json.Schema;

namespace Exchange.Silo.Tests.Api;

/// <summary>
/// The committed OpenAPI document (the one clients are generated from) as a checker of real answers: every answer the
/// API tests receive from a documented operation must be a status that operation documents, in a media type it lists,
/// with a JSON body valid against that response's schema. Paths outside the document (unknown routes, the dashboard)
/// and methods a path does not have (405) are not the contract's business.
/// </summary>
public static class ApiContract
{
    /// <summary>Where the document is committed; <c>scripts/openapi.sh update</c> writes it from a running silo.</summary>
    public static readonly string DocumentPath = RepositoryPaths.Combine("src", "Exchange.ApiClient", "openapi.json");

    private static readonly Lazy<Contract> Loaded = new(() => new Contract(File.ReadAllText(DocumentPath)));

    /// <summary>Fails the calling test when the answer is not one the document describes.</summary>
    public static void Check(HttpMethod method, string pathAndQuery, HttpStatusCode status, string? mediaType, string body)
    {
        var problem = Violation(method, pathAndQuery, status, mediaType, body);
        Assert.True(problem is null, $"{method} {pathAndQuery} answered {(int)status} {mediaType} outside the OpenAPI document: {problem}\nBody: {body[..Math.Min(body.Length, 600)]}");
    }

    /// <summary>What makes the answer one the document does not describe, or null when it describes it (or the path is not its business).</summary>
    public static string? Violation(HttpMethod method, string pathAndQuery, HttpStatusCode status, string? mediaType, string body)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(pathAndQuery);
        ArgumentNullException.ThrowIfNull(body);
        return Loaded.Value.Problem(method.Method.ToLowerInvariant(), pathAndQuery.Split('?')[0], ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), mediaType, body);
    }

    private sealed class Contract
    {
        private readonly JsonObject _paths;
        private readonly JsonObject _definitions;
        private readonly List<(Regex Pattern, int Literals, string Template)> _templates;
        private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new();

        public Contract(string document)
        {
            // Component references become $defs references, so each response schema compiles as a schema of its own.
            var root = JsonNode.Parse(document.Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal))!.AsObject();
            _paths = root["paths"]!.AsObject();
            _definitions = root["components"]?["schemas"]?.AsObject() ?? [];
            _templates = [.. _paths.Select(p => (Pattern(p.Key), p.Key.Split('/').Count(s => s.Length > 0 && !s.StartsWith('{')), p.Key))];
        }

        public string? Problem(string method, string path, string status, string? mediaType, string body)
        {
            var template = _templates.Where(t => t.Pattern.IsMatch(path)).OrderByDescending(t => t.Literals).Select(t => t.Template).FirstOrDefault();
            if (template is null || _paths[template]![method] is not JsonObject operation)
            {
                return null;
            }

            var responses = operation["responses"]!.AsObject();
            if ((responses[status] ?? responses["default"]) is not JsonObject response)
            {
                return $"{method.ToUpperInvariant()} {template} documents no {status} (it documents {string.Join(", ", responses.Select(r => r.Key))})";
            }

            if (body.Length == 0)
            {
                return response["content"] is JsonObject promised && promised.Any(m => m.Key.EndsWith("json", StringComparison.Ordinal) && m.Value?["schema"] is not null)
                    ? $"{method.ToUpperInvariant()} {template} {status} promises a JSON body and answered none"
                    : null;
            }

            if (response["content"] is not JsonObject content || mediaType is null || content[mediaType] is not JsonObject media)
            {
                return $"{method.ToUpperInvariant()} {template} {status} lists no {mediaType ?? "body"}";
            }

            if (media["schema"] is not JsonNode schemaNode || !mediaType.EndsWith("json", StringComparison.Ordinal))
            {
                return null;
            }

            var key = $"{method} {template} {status} {mediaType}";
            var schema = _schemas.GetOrAdd(key, _ => Compile(schemaNode));
            using var instance = JsonDocument.Parse(body);
            var result = schema.Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            if (result.IsValid)
            {
                return null;
            }

            var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .Select(d => $"{d.InstanceLocation}: {string.Join("; ", d.Errors!.Values)}");
            return $"the body does not match the {status} schema of {method.ToUpperInvariant()} {template}: {string.Join(" | ", errors.Take(8))}";
        }

        private JsonSchema Compile(JsonNode schema)
        {
            var text = new JsonObject
            {
                ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
                ["$defs"] = _definitions.DeepClone(),
                ["allOf"] = new JsonArray(schema.DeepClone()),
            }.ToJsonString();
            return JsonSchema.FromText(text);
        }

        private static Regex Pattern(string template) =>
            new("^" + Regex.Replace(Regex.Escape(template), @"\\\{[^/]+?\}", "[^/]+") + "$", RegexOptions.CultureInvariant);
    }
}
