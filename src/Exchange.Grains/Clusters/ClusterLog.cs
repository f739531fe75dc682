using Microsoft.Extensions.Logging;

namespace Exchange.Grains.Clusters;

/// <summary>Source-generated log messages of the cluster grains.</summary>
internal static partial class ClusterLog
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Cluster {ClusterId} went offline ({Reason}); cancelling its asks in {Markets} markets")]
    public static partial void WentOffline(ILogger logger, string clusterId, string reason, int markets);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Cluster {ClusterId} is back online")]
    public static partial void BackOnline(ILogger logger, string clusterId);
}
