namespace Exchange.Silo.Hosting;

/// <summary>Source-generated log messages of the host.</summary>
internal static partial class SiloLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Database schema is current ({Applied} migrations applied now)")]
    public static partial void SchemaReady(ILogger logger, int applied);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Waiting for PostgreSQL: {Reason}")]
    public static partial void WaitingForDatabase(ILogger logger, string reason);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Readiness check {Check} failed: {Reason}")]
    public static partial void ReadinessFailed(ILogger logger, string check, string reason);
}
