using Exchange.Markets;

namespace Exchange.Grains.Markets;

/// <summary>
/// Closes a market at the start of its delivery period. A reminder, not a timer, arms it: the reminder is stored in
/// PostgreSQL and fires even if the market's silo dies. Any command arriving after the start closes the market first.
/// </summary>
internal sealed class GateClosure(Grain grain, MarketCore core, ExchangeClock clock, Func<Task> closeNow)
{
    public const string Reminder = "gate-closure";

    /// <summary>On activation: closes a market that is due already, else arms the reminder.</summary>
    public async Task ArmAsync(CancellationToken cancellationToken)
    {
        if (core.IsClosed)
        {
            return;
        }

        var untilClosure = core.PeriodStart - clock.UtcNow;
        if (untilClosure > TimeSpan.Zero)
        {
            await grain.RegisterOrUpdateReminder(Reminder, untilClosure, TimeSpan.FromHours(1), cancellationToken);
        }
        else if (core.LastSequence > 0)
        {
            // A market that never saw a command is empty and stays so: reading it must not write a journal.
            await closeNow();
        }
    }

    /// <summary>Closes the market when its period has started; true when it is closed.</summary>
    public async Task<bool> CloseIfDueAsync()
    {
        if (!core.IsClosed && clock.UtcNow >= core.PeriodStart)
        {
            await closeNow();
        }

        return core.IsClosed;
    }

    /// <summary>The reminder fired: closes the market and retires the reminder.</summary>
    public async Task RemindedAsync()
    {
        if (!core.IsClosed)
        {
            await closeNow();
        }

        if (await grain.GetReminder(Reminder) is { } reminder)
        {
            await grain.UnregisterReminder(reminder);
        }
    }
}
