using Exchange.Markets;

namespace Exchange.Grains.Markets;

/// <summary>
/// Closes a market at the start of its delivery period, and its reserve book (if it has one) at the end. A reminder, not
/// a timer, arms each: the reminder is stored in PostgreSQL and fires even if the market's silo dies. Any command
/// arriving after the moment closes the market first.
/// </summary>
internal sealed class GateClosure(Grain grain, MarketCore core, ExchangeClock clock, Func<Task> closeNow)
{
    public const string Reminder = "gate-closure";

    /// <summary>On activation: closes what is due already, else arms the reminder for the next moment.</summary>
    public async Task ArmAsync(CancellationToken cancellationToken)
    {
        if (NextMoment() is not { } moment)
        {
            return;
        }

        var until = moment - clock.UtcNow;
        if (until > TimeSpan.Zero)
        {
            await grain.RegisterOrUpdateReminder(Reminder, until, TimeSpan.FromHours(1), cancellationToken);
        }
        else if (core.LastSequence > 0)
        {
            // A market that never saw a command is empty and stays so: reading it must not write a journal.
            await CloseAsync();
        }
    }

    /// <summary>Closes what is due (the gate, then the reserve book); true when the gate is closed.</summary>
    public async Task<bool> CloseIfDueAsync()
    {
        if (NextMoment() is { } moment && clock.UtcNow >= moment)
        {
            await CloseAsync();
        }

        return core.IsClosed;
    }

    /// <summary>
    /// The reminder fired: closes the gate if it is open (the reminder was armed for that moment, and this silo's clock may
    /// lag the one that armed it), else the reserve book once delivery has ended; then arms the reminder for what is
    /// left, or retires it.
    /// </summary>
    public async Task RemindedAsync()
    {
        if (!core.IsClosed)
        {
            await closeNow();
        }
        else
        {
            await CloseIfDueAsync();
        }

        await ArmOrRetireAsync();
    }

    /// <summary>Closes the next thing open (the gate, else the reserve book) and arms the reminder for what is left.</summary>
    public async Task CloseAsync()
    {
        if (NextMoment() is not null)
        {
            await closeNow();
        }

        await ArmOrRetireAsync();
    }

    private async Task ArmOrRetireAsync()
    {
        if (NextMoment() is null)
        {
            await RetireAsync();
        }
        else
        {
            await ArmAsync(CancellationToken.None);
        }
    }

    // The gate closes when delivery starts; a reserve book left after it, when delivery ends.
    private DateTimeOffset? NextMoment() =>
        !core.IsClosed ? core.PeriodStart : core.ReserveOpen ? core.PeriodEnd : null;

    private async Task RetireAsync()
    {
        if (await grain.GetReminder(Reminder) is { } reminder)
        {
            await grain.UnregisterReminder(reminder);
        }
    }
}
