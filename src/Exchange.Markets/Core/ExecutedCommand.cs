
namespace Exchange.Markets;

/// <summary>A durable command: what it did, and the state of the order it concerned as that command left it.</summary>
public sealed record ExecutedCommand(CommandOutcome Outcome, OrderState? Subject);
