using System.Threading.Channels;
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
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    public JournalWriter(MarketJournalStore store)
    {
        _store = store;
        _loop = Task.Run(RunAsync);
    }

    private sealed record Pending(MarketBatch Batch, TaskCompletionSource Done);

    /// <summary>Queues a market's batch for the next transaction; completes once it is committed.</summary>
    public Task AppendAsync(MarketBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var pending = new Pending(batch, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        return _queue.Writer.TryWrite(pending)
            ? pending.Done.Task
            : Task.FromException(new ObjectDisposedException(nameof(JournalWriter)));
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var group = new List<Pending>();
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            group.Clear();
            while (group.Count < MaxBatchesPerTransaction && _queue.Reader.TryRead(out var next))
            {
                group.Add(next);
            }

            await CommitAsync(group).ConfigureAwait(false);
        }
    }

    private async Task CommitAsync(List<Pending> group)
    {
        try
        {
            await _store.AppendAsync([.. group.Select(p => p.Batch)], CancellationToken.None).ConfigureAwait(false);
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
                    await _store.AppendAsync([pending.Batch], CancellationToken.None).ConfigureAwait(false);
                    pending.Done.TrySetResult();
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    pending.Done.TrySetException(ex);
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            foreach (var pending in group)
            {
                pending.Done.TrySetException(ex);
            }
        }
    }
}
