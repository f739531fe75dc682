using System.Net;
using System.Text.Json;

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
}
