namespace Exchange.Grains.Markets;

/// <summary>Stamps a market's commands with business time that never goes back, even when the clock does.</summary>
internal sealed class CommandClock(ExchangeClock clock, long lastTimestamp)
{
    private long _last = lastTimestamp;

    /// <summary>Unix milliseconds for the next command: now, or the last stamp when the clock is behind it.</summary>
    public long Next()
    {
        _last = Math.Max(_last, clock.UtcNow.ToUnixTimeMilliseconds());
        return _last;
    }
}
