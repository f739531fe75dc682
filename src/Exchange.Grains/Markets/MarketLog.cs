using Microsoft.Extensions.Logging;

namespace Exchange.Grains.Markets;

/// <summary>Source-generated log messages of the market grains.</summary>
internal static partial class MarketLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Market {MarketId} recovered: snapshot at {SnapshotSequence}, replayed to {Sequence}")]
    public static partial void Recovered(ILogger logger, string marketId, long snapshotSequence, long sequence);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "Market {MarketId} could not journal commands {First}..{Last}; deactivating")]
    public static partial void JournalWriteFailed(ILogger logger, string marketId, long first, long last, Exception exception);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Market {MarketId} could not write or store its snapshot at {Sequence}")]
    public static partial void SnapshotFailed(ILogger logger, string marketId, long sequence, Exception exception);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "Market {MarketId} cannot read its snapshot at {Sequence}; replaying the whole journal")]
    public static partial void SnapshotUnreadable(ILogger logger, string marketId, long sequence, Exception exception);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Market {MarketId} closed at gate closure")]
    public static partial void Closed(ILogger logger, string marketId);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "Market {MarketId} could not store {Count} finished orders; keeping them in memory until the next attempt")]
    public static partial void OrderStoreFailed(ILogger logger, string marketId, int count, Exception exception);
}
