using Exchange.Grains;
using Exchange.Silo.Api.Endpoints;
using Exchange.Silo.Api.Feed;
using Exchange.Silo.Api.Problems;
using Exchange.Silo.Api.Security;
using Exchange.Silo.Hosting;
using Exchange.Silo.Regulator;
using Exchange.Storage.Access;
using Exchange.Storage.Ledger;
using Exchange.Storage.Regulator;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Exchange.Silo.Api;

/// <summary>The exchange's HTTP API: key authentication, problem answers and every /v1 endpoint.</summary>
public static class ApiSetup
{
    public static WebApplicationBuilder AddExchangeApi(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection(ApiOptions.SectionName);
        builder.Services.AddValidatedOptions<ApiOptions>(section);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<LedgerSigner>();
        builder.Services.AddRegulatorReads(builder.GetConnectionString());
        builder.Services.AddValidatedOptions<RegulatorOptions>(builder.Configuration.GetSection(RegulatorOptions.SectionName));
        builder.Services.AddHostedService<CheckpointPublisher>();
        builder.Services.AddHostedService<LedgerSettler>();
        builder.Services.AddHostedService<Settlement.SettlementRunner>();
        builder.Services.AddHostedService<Failover.FailoverRunner>();
        builder.Services.AddSingleton<ApiKeyAuthenticator>();
        builder.Services.AddApiAccess();
        builder.Services.AddSingleton<MarketFeedHub>();
        builder.Services.AddSingleton<StreamSlots>();
        builder.Services.AddHostedService(services => services.GetRequiredService<MarketFeedHub>());
        // Problems the framework writes itself (an unknown route, a wrong method or media type) get our type URIs too.
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            if (context.ProblemDetails.Type is null || context.ProblemDetails.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal))
            {
                context.ProblemDetails.Type = Problem.TypeBase + context.ProblemDetails.Status switch
                {
                    StatusCodes.Status404NotFound => "not-found",
                    StatusCodes.Status405MethodNotAllowed => "method-not-allowed",
                    StatusCodes.Status415UnsupportedMediaType => "unsupported-media-type",
                    StatusCodes.Status413PayloadTooLarge => "body-too-large",
                    >= 500 => "internal",
                    _ => "bad-request",
                };
            }
        });
        builder.Services.AddExceptionHandler<ExceptionProblems>();
        // Numbers are numbers: the web default also reads them from strings, and the OpenAPI document would then promise
        // clients that "quantity": "5" is accepted, which the body readers refuse.
        builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict);

        // Kestrel enforces the body limit while reading, also for chunked bodies that announce no length.
        var limit = section.GetValue<int?>(nameof(ApiOptions.MaxRequestBodyBytes)) ?? new ApiOptions().MaxRequestBodyBytes;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = limit);
        return builder;
    }

    public static WebApplication UseExchangeApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapMarketEndpoints();
        app.MapTenantEndpoints();
        app.MapClusterEndpoints();
        app.MapMeteringEndpoints();
        app.MapLedgerEndpoints();
        app.MapDeliveryEndpoints();
        app.MapDisputeEndpoints();
        app.MapOrderEndpoints();
        app.MapAllocationEndpoints();
        app.MapStreamEndpoints();
        app.MapRegulatorEndpoints();
        return app;
    }
}
