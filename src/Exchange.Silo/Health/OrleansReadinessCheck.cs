using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace Exchange.Silo.Health;

/// <summary>Ready only while the Orleans cluster answers a management call and lists at least one active silo.</summary>
internal sealed class OrleansReadinessCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true, cancellationToken)
                .WaitAsync(ReadinessTimeouts.Probe, cancellationToken);
            return hosts.Count > 0
                ? HealthCheckResult.Healthy($"{hosts.Count} active silos")
                : HealthCheckResult.Unhealthy("No active silo in the cluster");
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException or OperationCanceledException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("The Orleans cluster does not answer", ex);
        }
    }
}
