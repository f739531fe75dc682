namespace Exchange.Silo.Health;

/// <summary>How long one readiness probe may wait on a dependency.</summary>
internal static class ReadinessTimeouts
{
    public static readonly TimeSpan Probe = TimeSpan.FromSeconds(2);
}
