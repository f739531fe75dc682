using Exchange.Storage.Ledger;
using Exchange.Storage.Orders;
using Exchange.Storage.Reservations;

namespace Exchange.Storage.Journal;

/// <summary>
/// One market's next group-commit batch: commands continuing its journal, the allocations and order states they produced,
/// and the epochs of the tenant and cluster grain activations that admitted its orders, which must still be current when it commits.
/// </summary>
public sealed record MarketBatch(
    string MarketId,
    long ExpectedLastSequence,
    IReadOnlyList<JournalEntry> Commands,
    IReadOnlyList<AllocationRecord> Allocations,
    IReadOnlyList<OrderRow> Orders,
    IReadOnlyCollection<HolderEpoch>? HolderEpochs = null);
