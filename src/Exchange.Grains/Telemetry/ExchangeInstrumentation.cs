using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Exchange.Grains.Telemetry;

/// <summary>The exchange's own meter and activity source; instruments are added beside the code they measure.</summary>
public sealed class ExchangeInstrumentation : IDisposable
{
    /// <summary>The meter name exporters subscribe to.</summary>
    public const string MeterName = "TokenExchange";

    /// <summary>The activity source name exporters subscribe to.</summary>
    public const string ActivitySourceName = "TokenExchange";

    public ExchangeInstrumentation(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        Meter = meterFactory.Create(MeterName);
        ReadinessChecks = Meter.CreateCounter<long>("exchange.readiness.checks", description: "Readiness probes answered, by outcome.");
    }

    public Meter Meter { get; }

    /// <summary>Readiness probes answered, tagged with <c>outcome</c>.</summary>
    public Counter<long> ReadinessChecks { get; }

    public static ActivitySource ActivitySource { get; } = new(ActivitySourceName);

    public void Dispose() => Meter.Dispose();
}
