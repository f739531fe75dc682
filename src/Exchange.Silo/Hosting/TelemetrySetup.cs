using Exchange.Grains.Telemetry;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Exchange.Silo.Hosting;

/// <summary>OpenTelemetry for Orleans, Npgsql, ASP.NET Core and the exchange; Prometheus always, OTLP when configured.</summary>
internal static class TelemetrySetup
{
    public static WebApplicationBuilder AddExchangeTelemetry(this WebApplicationBuilder builder)
    {
        var silo = builder.GetSiloOptions();
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(
                serviceName: "token-exchange-silo",
                serviceInstanceId: $"{silo.AdvertisedAddress}:{silo.SiloPort}"))
            .WithMetrics(metrics => metrics
                .AddMeter("Microsoft.Orleans", "Npgsql", ExchangeInstrumentation.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing
                .AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", ExchangeInstrumentation.ActivitySourceName)
                .AddNpgsql()
                .AddAspNetCoreInstrumentation());

        // Exporting needs somewhere to export to; without an endpoint it would only log connection errors.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        builder.Services.AddSingleton<ExchangeInstrumentation>();
        return builder;
    }
}
