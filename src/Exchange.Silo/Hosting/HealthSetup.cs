using Exchange.Grains.Telemetry;
using Exchange.Silo.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Exchange.Silo.Hosting;

/// <summary>Liveness (<c>/healthz</c>: the process is up) and readiness (<c>/readyz</c>: PostgreSQL and Orleans answer).</summary>
internal static class HealthSetup
{
    private const string ReadyTag = "ready";

    public static WebApplicationBuilder AddExchangeHealthChecks(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<PostgresReadinessCheck>("postgresql", tags: [ReadyTag])
            .AddCheck<OrleansReadinessCheck>("orleans", tags: [ReadyTag]);
        return builder;
    }

    // Plain endpoints rather than MapHealthChecks, so the OpenAPI document describes them like every other path.
    public static WebApplication MapHealthEndpoints(this WebApplication app)
    {
        // Load balancers and orchestrators ask without a key.
        var health = app.MapGroup("").WithTags("Health").AllowAnonymous();
        health.MapGet("/healthz", () => TypedResults.Ok(new LivenessResponse("up")))
            .WithName("getLiveness").WithSummary("Whether the process is up")
            .WithDescription("Answers 200 as long as the silo process serves HTTP; it checks no dependency.");
        health.MapGet("/readyz", CheckReadinessAsync)
            .WithName("getReadiness").WithSummary("Whether PostgreSQL and the Orleans cluster answer")
            .WithDescription("200 when every dependency answers within two seconds, else 503; the body names each check.")
            .Produces<ReadinessResponse>(StatusCodes.Status200OK)
            .Produces<ReadinessResponse>(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<IResult> CheckReadinessAsync(
        HealthCheckService health, ExchangeInstrumentation instrumentation, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(check => check.Tags.Contains(ReadyTag), cancellationToken);
        var healthy = report.Status == HealthStatus.Healthy;
        instrumentation.ReadinessChecks.Add(1, new KeyValuePair<string, object?>("outcome", healthy ? "ready" : "not-ready"));

        var logger = loggers.CreateLogger(typeof(HealthSetup));
        foreach (var (name, entry) in report.Entries)
        {
            if (entry.Status != HealthStatus.Healthy)
            {
                SiloLog.ReadinessFailed(logger, name, entry.Exception?.Message ?? entry.Description ?? "unknown");
            }
        }

        var body = new ReadinessResponse(
            Lower(report.Status),
            report.Entries.ToDictionary(e => e.Key, e => new ReadinessCheck(Lower(e.Value.Status), e.Value.Description)));
        return TypedResults.Json(body, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private static string Lower(HealthStatus status) => status.ToString().ToLowerInvariant();
}

/// <summary>The body of <c>/healthz</c>.</summary>
public sealed record LivenessResponse(string Status);

/// <summary>The body of <c>/readyz</c>: overall status and each named check.</summary>
public sealed record ReadinessResponse(string Status, IReadOnlyDictionary<string, ReadinessCheck> Checks);

/// <summary>One dependency's readiness.</summary>
public sealed record ReadinessCheck(string Status, string? Description);
