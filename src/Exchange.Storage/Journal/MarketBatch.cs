using Exchange.Markets;
using Exchange.Storage.Ledger;
using Exchange.Storage.Reservations;

namespace Exchange.Storage.Journal;

/// <summary>
/// One market's next group-commit batch: commands continuing its journal, the allocations they produced,
/// the epochs of the tenant and cluster grain activations that admitted its orders, which must still be current when it commits,
/// and the tenants and clusters (as holders) whose first orders in this market it holds, so far as the market knows.
/// </summary>
public sealed record MarketBatch(
    string MarketId,
    long ExpectedLastSequence,
    IReadOnlyList<JournalEntry> Commands,
    IReadOnlyList<AllocationRecord> Allocations,
    IReadOnlyCollection<HolderEpoch>? HolderEpochs = null,
    IReadOnlyCollection<string>? NewHolders = null);
