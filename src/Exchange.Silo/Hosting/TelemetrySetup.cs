using Exchange.Grains.Telemetry;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Exchange.Silo.Hosting;

/// <summary>OpenTelemetry for Orleans, Npgsql, ASP.NET Core and the exchange: metrics to Prometheus always; metrics and traces over OTLP when configured.</summary>
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
                .AddPrometheusExporter());

        // Traces have nowhere to go without an OTLP endpoint, and recording them for every grain call and
        // SQL command would cost CPU on the order path for nothing; metrics are always on (Prometheus).
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry
                .WithTracing(tracing => tracing
                    .AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", ExchangeInstrumentation.ActivitySourceName)
                    .AddNpgsql()
                    .AddAspNetCoreInstrumentation())
                .UseOtlpExporter();
        }

        builder.Services.AddSingleton<ExchangeInstrumentation>();
        return builder;
    }
}
