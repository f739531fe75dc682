namespace Exchange.Grains.Tenants;

/// <summary>An order-rate limiter in integer thousandths of a token: refills continuously, holds at most one second's worth.</summary>
public sealed class TokenBucket
{
    private long _milliTokens = -1;
    private long _lastMs;

    /// <summary>Takes one token at <paramref name="nowMs"/> if there is one; a rate of zero or less refuses everything.</summary>
    public bool TryTake(int perSecond, long nowMs)
    {
        if (perSecond <= 0)
        {
            return false;
        }

        var capacity = perSecond * 1_000L;
        if (_milliTokens < 0)
        {
            _milliTokens = capacity;
            _lastMs = nowMs;
        }

        var elapsed = Math.Max(0, nowMs - _lastMs);
        _milliTokens = Math.Min(capacity, _milliTokens + (elapsed * perSecond));
        _lastMs = Math.Max(_lastMs, nowMs);
        if (_milliTokens < 1_000)
        {
            return false;
        }

        _milliTokens -= 1_000;
        return true;
    }
}
