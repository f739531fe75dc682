using Exchange.Markets;

namespace Exchange.Grains.Markets;

/// <summary>
/// Wakes a quiet market at its earliest GTD expiry (the engine expires orders only when a command arrives). The expiry
/// itself is the journaled tick <paramref name="tick"/> runs, so replay agrees.
/// </summary>
internal sealed class ExpiryAlarm(IGrainBase grain, MarketCore core, ExchangeClock clock, Func<Task> tick)
{
    private IGrainTimer? _timer;
    private long _at = long.MaxValue;

    /// <summary>Arms the alarm for the earliest open expiry, unless it is armed for that or earlier already.</summary>
    public void Schedule()
    {
        if (!core.TakesOrders || core.NextExpiry is not { } next || (_timer is not null && _at <= next))
        {
            return;
        }

        _timer?.Dispose();
        _at = next;
        var due = TimeSpan.FromMilliseconds(Math.Max(0, next - clock.UtcNow.ToUnixTimeMilliseconds()));
        _timer = grain.RegisterGrainTimer(RingAsync, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    private async Task RingAsync()
    {
        _timer?.Dispose();
        _timer = null;
        _at = long.MaxValue;
        if (core.TakesOrders && core.NextExpiry is { } next && next <= clock.UtcNow.ToUnixTimeMilliseconds())
        {
            await tick();
        }

        Schedule();
    }
}
