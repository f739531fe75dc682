using Exchange.Markets;
using Exchange.Storage.Journal;
using Exchange.Storage.Ledger;
using Exchange.Storage.Reservations;
using Microsoft.Extensions.Logging;

namespace Exchange.Grains.Markets;

/// <summary>
/// Group commit for one market: commands that arrive while a write is in flight form the next batch,
/// and the silo's <see cref="JournalWriter"/> commits the batches of many markets in one transaction. Runs on the grain's scheduler;
/// once a write fails the batcher is faulted for good, because the in-memory state has moved past
/// what is durable and only a fresh activation (replaying the journal) may continue.
/// </summary>
internal sealed class JournalBatcher(MarketJournalStore store, JournalWriter writer, string marketId, long durableSequence, ILogger logger)
{
    private List<JournalEntry> _commands = [];
    private List<AllocationRecord> _allocations = [];
    private HashSet<HolderEpoch> _holderEpochs = [];
    private HashSet<string> _newHolders = [];
    private PendingSnapshot? _snapshot;
    private TaskCompletionSource _pending = NewCompletion();
    private Task _inflight = Task.CompletedTask;
    private long _inflightLast = durableSequence;
    private bool _writing;

    /// <summary>The last journal sequence known to be durable.</summary>
    public long DurableSequence { get; private set; } = durableSequence;

    /// <summary>Why the batcher stopped, if it did.</summary>
    public Exception? Fault { get; private set; }

    /// <summary>
    /// Queues a command (and what it produced) for the next batch; the task completes once it is durable. An order admitted by
    /// tenant and cluster grains names their epochs, which the batch requires still current; <paramref name="newHolders"/> are the
    /// tenants and clusters whose first order here the command holds, recorded in <c>holder_markets</c> with it.
    /// </summary>
    public Task Append(
        JournalEntry command, IReadOnlyList<AllocationRecord> allocations, PendingSnapshot? snapshot,
        IReadOnlyList<HolderEpoch> admittedUnder, IReadOnlyList<string> newHolders)
    {
        if (Fault is not null)
        {
            return Task.FromException(Fault);
        }

        _commands.Add(command);
        _allocations.AddRange(allocations);
        _holderEpochs.UnionWith(admittedUnder);
        _newHolders.UnionWith(newHolders);

        _snapshot = snapshot ?? _snapshot;
        var durable = _pending.Task;
        if (!_writing)
        {
            _ = FlushAsync();
        }

        return durable;
    }

    /// <summary>Completes once every command up to <paramref name="sequence"/> is durable.</summary>
    public Task WhenDurable(long sequence) =>
        Fault is not null ? Task.FromException(Fault)
        : sequence <= DurableSequence ? Task.CompletedTask
        : sequence <= _inflightLast ? _inflight
        : _pending.Task;

    private async Task FlushAsync()
    {
        _writing = true;
        try
        {
            while (_commands.Count > 0)
            {
                var commands = _commands;
                var allocations = _allocations;
                var snapshot = _snapshot;
                var holderEpochs = _holderEpochs;
                var newHolders = _newHolders;
                var done = _pending;
                _commands = [];
                _allocations = [];
                _holderEpochs = [];
                _newHolders = [];
                _snapshot = null;
                _pending = NewCompletion();
                _inflightLast = commands[^1].Sequence;
                _inflight = done.Task;

                try
                {
                    await writer.AppendAsync(new MarketBatch(marketId, DurableSequence, commands, allocations, holderEpochs, newHolders));
                }
                catch (Exception ex)
                {
                    Fault = ex;
                    MarketLog.JournalWriteFailed(logger, marketId, commands[0].Sequence, commands[^1].Sequence, ex);
                    done.TrySetException(ex);
                    _pending.TrySetException(ex);
                    return;
                }

                DurableSequence = commands[^1].Sequence;
                done.TrySetResult();
                if (snapshot is not null)
                {
                    // Not awaited: a large book's snapshot must not hold up the market's next batch.
                    _ = SaveSnapshotAsync(snapshot);
                }
            }
        }
        finally
        {
            _writing = false;
        }
    }

    private async Task SaveSnapshotAsync(PendingSnapshot snapshot)
    {
        await ((Task)snapshot.State).ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext | ConfigureAwaitOptions.SuppressThrowing);
        if (!snapshot.State.IsCompletedSuccessfully)
        {
            // The market reports a snapshot it could not write.
            return;
        }

        try
        {
            await store.SaveSnapshotAsync(marketId, new MarketSnapshot(snapshot.Sequence, snapshot.State.Result), CancellationToken.None);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
        {
            // A lost snapshot only makes the next recovery replay more of the journal.
            MarketLog.SnapshotFailed(logger, marketId, snapshot.Sequence, ex);
        }
    }

    private static TaskCompletionSource NewCompletion() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
