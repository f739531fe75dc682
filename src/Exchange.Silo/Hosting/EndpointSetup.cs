using Exchange.Silo.Api.Security;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;

namespace Exchange.Silo.Hosting;

/// <summary>Maps every HTTP endpoint the silo serves.</summary>
internal static class EndpointSetup
{
    public static WebApplication MapExchangeEndpoints(this WebApplication app)
    {
        app.MapHealthEndpoints();
        app.MapApiDocs();
        // Operational metrics name no tenant, order or key; scrapers carry no key.
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
        // An operator's tool, not part of the exchange's API contract.
        if (app.Services.GetRequiredService<IOptions<SiloHostingOptions>>().Value.Dashboard)
        {
            app.MapOrleansDashboard("/dashboard").ExcludeFromDescription().RequireOperatorBrowser();
        }
        return app;
    }
}
