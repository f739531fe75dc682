
namespace Exchange.Markets;

/// <summary>A command as the market journals it; its effect is a pure function of the commands before it.</summary>
/// <param name="Timestamp">Unix milliseconds assigned when the command arrived; replay uses it, never the clock.</param>
public abstract record MarketCommand(long Timestamp)
{
    /// <summary>The rules the market trades under from now on: carried by a market's first command only (<see cref="MarketCore.PinFirst"/>).</summary>
    public MarketRules? Rules { get; init; }
}

/// <summary>Place an order; its engine id is the journal sequence of this command.</summary>
public sealed record PlaceCommand(long Timestamp, OrderRequest Request) : MarketCommand(Timestamp);

/// <summary>Cancel what remains of an order.</summary>
public sealed record CancelCommand(long Timestamp, long OrderSequence) : MarketCommand(Timestamp);

/// <summary>Reduce an order's total quantity, keeping its priority.</summary>
public sealed record ReduceCommand(long Timestamp, long OrderSequence, long NewQuantity) : MarketCommand(Timestamp);

/// <summary>Cancel every resting sell order of a cluster that went offline.</summary>
public sealed record CancelClusterCommand(long Timestamp, string ClusterId) : MarketCommand(Timestamp);

/// <summary>Gate closure: every resting order expires and nothing new is accepted.</summary>
public sealed record CloseCommand(long Timestamp) : MarketCommand(Timestamp);

/// <summary>Business time has advanced: GTD orders due by <see cref="MarketCommand.Timestamp"/> expire, even in a quiet market.</summary>
public sealed record TickCommand(long Timestamp) : MarketCommand(Timestamp);
