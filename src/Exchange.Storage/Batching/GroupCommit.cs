using System.Threading.Channels;

namespace Exchange.Storage.Batching;

/// <summary>One item waiting for the next group: what to write and the caller to tell once it is written (or not).</summary>
public sealed record GroupItem<T>(T Item, TaskCompletionSource Done);

/// <summary>
/// Group commit: items that arrive while a group is being written form the next group, so one round trip and one commit
/// serve many callers and throughput grows with load instead of the number of transactions. The commit callback tells each
/// item's caller; an exception it lets escape fails every item of the group.
/// </summary>
public sealed class GroupCommit<T> : IAsyncDisposable
{
    private readonly Channel<GroupItem<T>> _queue = Channel.CreateUnbounded<GroupItem<T>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<List<GroupItem<T>>, Task> _commit;
    private readonly int _maxPerGroup;
    private readonly TimeSpan _gather;
    private readonly Task _loop;

    /// <param name="commit">Writes one group and tells its callers.</param>
    /// <param name="maxPerGroup">The most items one group takes; the rest wait for the next.</param>
    /// <param name="gather">How long to let items gather after a group before the next is taken: zero for writes callers wait on.</param>
    public GroupCommit(Func<List<GroupItem<T>>, Task> commit, int maxPerGroup, TimeSpan gather = default)
    {
        _commit = commit;
        _maxPerGroup = maxPerGroup;
        _gather = gather;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Queues an item for the next group; completes once the group holding it is written.</summary>
    public Task AddAsync(T item)
    {
        var pending = new GroupItem<T>(item, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        return _queue.Writer.TryWrite(pending)
            ? pending.Done.Task
            : Task.FromException(new ObjectDisposedException(GetType().Name));
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var group = new List<GroupItem<T>>();
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            group.Clear();
            while (group.Count < _maxPerGroup && _queue.Reader.TryRead(out var next))
            {
                group.Add(next);
            }

            try
            {
                await _commit(group).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                foreach (var pending in group)
                {
                    pending.Done.TrySetException(ex);
                }
            }

            if (_gather > TimeSpan.Zero)
            {
                await Task.Delay(_gather).ConfigureAwait(false);
            }
        }
    }
}
