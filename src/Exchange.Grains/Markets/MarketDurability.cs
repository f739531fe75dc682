using Exchange.Contracts.Markets;
using Exchange.Markets;

namespace Exchange.Grains.Markets;

/// <summary>
/// Nothing a market answers may depend on a command that is not durable yet. Answers wait for the journal to catch up with
/// memory; when a write fails, memory is ahead of the journal for good, so the activation must end (<paramref name="endActivation"/>)
/// and only a fresh one that replays the journal may serve again.
/// </summary>
internal sealed class MarketDurability(JournalBatcher batcher, MarketCore core, Action endActivation)
{
    /// <summary>Refuses new commands once a batch has failed: they could only be answered by a fresh activation.</summary>
    public void ThrowIfFailed()
    {
        if (batcher.Fault is { } fault)
        {
            throw Unavailable(fault);
        }
    }

    /// <summary>Waits until every command applied so far is durable.</summary>
    public Task AppliedSoFar() => Guard(batcher.WhenDurable(core.LastSequence));

    /// <summary>An order's state as of now, returned once everything applied so far is durable.</summary>
    public async Task<OrderState> StateOf(MarketOrder order)
    {
        var state = order.ToState(core.MarketId);
        await AppliedSoFar();
        return state;
    }

    /// <summary>Waits for a durability task; its failure ends the activation and reaches the caller as unavailability.</summary>
    public async Task Guard(Task durable)
    {
        try
        {
            await durable;
        }
        catch (Exception ex) when (ex is not ExchangeUnavailableException)
        {
            endActivation();
            throw Unavailable(ex);
        }
    }

    // The cause stays in the log (JournalWriteFailed): its text can name other tenants' holders, sequences and the database.
    private ExchangeUnavailableException Unavailable(Exception cause) =>
        new($"Market {core.MarketId} could not make the command durable ({cause.GetType().Name}).");
}
