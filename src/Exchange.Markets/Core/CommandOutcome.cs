
namespace Exchange.Markets;

/// <summary>What one command did: the order it concerned (if any), a rejection, the allocations it made and every order it touched.</summary>
public sealed record CommandOutcome(
    MarketOrder? Order,
    RejectCode? Reject,
    IReadOnlyList<AllocationRecord> Allocations,
    IReadOnlyList<MarketOrder> Touched);
