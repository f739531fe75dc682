using Exchange.Storage.Ledger;
using Exchange.Storage.Orders;

namespace Exchange.Storage.Journal;

/// <summary>
/// One market's next group-commit batch: commands continuing its journal, the allocations and order states they produced,
/// and the cluster epochs its sells were reserved under, which must still be current when it commits.
/// </summary>
public sealed record MarketBatch(
    string MarketId,
    long ExpectedLastSequence,
    IReadOnlyList<JournalEntry> Commands,
    IReadOnlyList<AllocationRecord> Allocations,
    IReadOnlyList<OrderRow> Orders,
    IReadOnlyCollection<ClusterEpoch>? SellerEpochs = null);
