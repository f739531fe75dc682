using Exchange.Storage.Ledger;

namespace Exchange.Grains.Markets;

/// <summary>What one command did: the order it concerned (if any), a rejection, the allocations it made and every order it touched.</summary>
public sealed record CommandOutcome(
    MarketOrder? Order,
    string? RejectReason,
    IReadOnlyList<AllocationRecord> Allocations,
    IReadOnlyList<MarketOrder> Touched);
