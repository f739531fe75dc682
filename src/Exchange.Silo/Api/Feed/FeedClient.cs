using System.Threading.Channels;
using Exchange.Contracts.Markets;

namespace Exchange.Silo.Api.Feed;

/// <summary>
/// One live-data client's queue. Bounded: when the client reads too slowly the queue is dropped and the client is told
/// to resync, so nothing upstream ever waits for it.
/// </summary>
public sealed class FeedClient(int capacity)
{
    private readonly Channel<MarketFeedUpdate> _queue = Channel.CreateBounded<MarketFeedUpdate>(
        new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private int _lost;

    /// <summary>Set when updates were dropped (the client lagged, or the relay saw a gap); cleared by <see cref="TakeLost"/>.</summary>
    public bool Lost => Volatile.Read(ref _lost) == 1;

    public ChannelReader<MarketFeedUpdate> Updates => _queue.Reader;

    /// <summary>Queues an update without ever waiting; a full queue marks the client lost instead.</summary>
    public void Offer(MarketFeedUpdate update)
    {
        if (!_queue.Writer.TryWrite(update))
        {
            MarkLost();
        }
    }

    public void MarkLost() => Volatile.Write(ref _lost, 1);

    /// <summary>Whether updates were lost since the last call; if so the queue is emptied, since a resync supersedes it.</summary>
    public bool TakeLost()
    {
        if (Interlocked.Exchange(ref _lost, 0) == 0)
        {
            return false;
        }

        while (_queue.Reader.TryRead(out _))
        {
        }

        return true;
    }
}
