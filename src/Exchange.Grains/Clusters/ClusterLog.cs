using Microsoft.Extensions.Logging;

namespace Exchange.Grains.Clusters;

/// <summary>Source-generated log messages of the cluster grains.</summary>
internal static partial class ClusterLog
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Cluster {ClusterId} withdraws its asks from {Markets} markets")]
    public static partial void Withdrawing(ILogger logger, string clusterId, int markets);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Cluster {ClusterId} is {Status} ({Reason})")]
    public static partial void HealthChanged(ILogger logger, string clusterId, string status, string reason);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "Cluster {ClusterId} has failed ({Reason}); its meter is fenced")]
    public static partial void Failed(ILogger logger, string clusterId, string reason);
}
