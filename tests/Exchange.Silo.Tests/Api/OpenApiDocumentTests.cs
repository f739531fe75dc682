using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Exchange.Silo.Tests.Api;

/// <summary>The OpenAPI document describes every endpoint of the API with a summary, a description and example answers.</summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiDocumentTests(ApiSiloFixture fixture)
{
    [Fact]
    public async Task Every_v1_operation_has_a_summary_a_description_and_an_example_answer()
    {
        var document = (await fixture.Client(null).GetAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK).Json;
        var operations = 0;
        foreach (var path in document.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/v1/", StringComparison.Ordinal)))
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var name = $"{operation.Name.ToUpperInvariant()} {path.Name}";
                var op = operation.Value;
                Assert.True(op.TryGetProperty("summary", out _), $"{name} has no summary");
                Assert.True(op.TryGetProperty("description", out _), $"{name} has no description");
                var examples = op.GetProperty("responses").EnumerateObject()
                    .Where(r => r.Name.StartsWith('2') && r.Value.TryGetProperty("content", out _))
                    .SelectMany(r => r.Value.GetProperty("content").EnumerateObject())
                    .Count(c => c.Value.TryGetProperty("example", out _));
                Assert.True(examples > 0, $"{name} has no example answer");
                if (op.TryGetProperty("requestBody", out var body))
                {
                    Assert.True(body.GetProperty("content").EnumerateObject().Any(c => c.Value.TryGetProperty("example", out _)), $"{name} has no example request");
                }

                operations++;
            }
        }

        Assert.True(operations >= 22, $"only {operations} operations are documented");
    }

    [Fact]
    public async Task The_served_document_is_the_committed_one_clients_are_generated_from()
    {
        var served = JsonNode.Parse((await fixture.Client(null).GetAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK).Text)!.AsObject();
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(ApiContract.DocumentPath))!.AsObject();

        // The server is the one each was asked on; everything else must be the same.
        served.Remove("servers");
        committed.Remove("servers");
        Assert.True(JsonNode.DeepEquals(served, committed),
            "src/Exchange.ApiClient/openapi.json differs from the document the silo serves: run scripts/openapi.sh update and commit it.");
    }

    [Fact]
    public async Task Every_operation_has_an_operation_id_and_every_keyed_one_requires_the_bearer_scheme()
    {
        var document = (await fixture.Client(null).GetAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK).Json;
        var ids = new HashSet<string>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var name = $"{operation.Name.ToUpperInvariant()} {path.Name}";
                Assert.True(operation.Value.TryGetProperty("operationId", out var id) && ids.Add(id.GetString()!), $"{name} has no operationId of its own");
                var security = operation.Value.GetProperty("security").EnumerateArray().ToList();
                var keyed = path.Name.StartsWith("/v1/", StringComparison.Ordinal);
                Assert.Equal(keyed, security.Any(s => s.TryGetProperty("bearer", out _)));
                if (keyed)
                {
                    Assert.True(operation.Value.GetProperty("responses").TryGetProperty("401", out _), $"{name} does not describe 401");
                }
            }
        }
    }

    [Fact]
    public async Task Readiness_keeps_its_own_body_on_503_and_is_not_described_as_a_problem()
    {
        var document = (await fixture.Client(null).GetAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK).Json;

        var unready = document.GetProperty("paths").GetProperty("/readyz").GetProperty("get").GetProperty("responses").GetProperty("503");

        var media = unready.GetProperty("content").EnumerateObject().Single();
        Assert.Equal("application/json", media.Name);
        Assert.Equal("#/components/schemas/ReadinessResponse", media.Value.GetProperty("schema").GetProperty("$ref").GetString());
        Assert.False(unready.TryGetProperty("headers", out _));
    }

    [Fact]
    public async Task Optional_order_fields_are_optional_in_the_document()
    {
        var schema = (await fixture.Client(null).GetAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK)
            .Json.GetProperty("components").GetProperty("schemas").GetProperty("CreateOrderRequest");
        var required = schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()).ToHashSet();
        Assert.Equal(["clientOrderId", "marketId", "quantity", "side"], required.Order());
    }
}
