using Exchange.Storage.Batching;
using Exchange.Storage.Reservations;

namespace Exchange.Storage.Journal;

/// <summary>
/// Group commit across markets: the batches of every market on this silo that arrive while a transaction
/// is in flight are committed together in the next one. A transaction's cost is mostly fixed (round trips,
/// parsing, commit), so one transaction for many markets is what lets throughput grow with the number of
/// markets instead of shrinking.
/// </summary>
public sealed class JournalWriter : IAsyncDisposable
{
    // Bounds one transaction's size; the rest waits for the next one, a moment later.
    private const int MaxBatchesPerTransaction = 256;

    private readonly MarketJournalStore _store;
    private readonly GroupCommit<MarketBatch> _groups;

    public JournalWriter(MarketJournalStore store)
    {
        _store = store;
        _groups = new GroupCommit<MarketBatch>(CommitAsync, MaxBatchesPerTransaction);
    }

    /// <summary>Queues a market's batch for the next transaction; completes once it is committed.</summary>
    public Task AppendAsync(MarketBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return _groups.AddAsync(batch);
    }

    public ValueTask DisposeAsync() => _groups.DisposeAsync();

    private async Task CommitAsync(List<GroupItem<MarketBatch>> group)
    {
        try
        {
            await _store.AppendAsync([.. group.Select(p => p.Item)], CancellationToken.None).ConfigureAwait(false);
            foreach (var pending in group)
            {
                pending.Done.TrySetResult();
            }
        }
        catch (Exception refused) when (group.Count > 1 && refused is JournalConflictException or LedgerHorizonPassedException or StaleReservationException)
        {
            // One fenced-off or late market, or one with a stale order, must not fail the others: commit each alone, so only that one fails.
            foreach (var pending in group)
            {
                try
                {
                    await _store.AppendAsync([pending.Item], CancellationToken.None).ConfigureAwait(false);
                    pending.Done.TrySetResult();
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    pending.Done.TrySetException(ex);
                }
            }
        }
    }
}
