using Exchange.Silo.Api.Docs;
using Scalar.AspNetCore;

namespace Exchange.Silo.Hosting;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c> and its browsable reference at <c>/docs</c>.</summary>
internal static class ApiDocsSetup
{
    public static WebApplicationBuilder AddExchangeApiDocs(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenApi("v1", options =>
        {
            options.AddDocumentTransformer<DocumentContract>();
            options.AddOperationTransformer<OperationContract>();
        });
        return builder;
    }

    public static WebApplication MapApiDocs(this WebApplication app)
    {
        // The contract is public: integrators read it before they have a key.
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/docs", options => options
            .WithTitle("Token Outbound Exchange API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")).AllowAnonymous();
        return app;
    }
}
