using Exchange.Contracts.Markets;
using Exchange.Markets;

namespace Exchange.Silo.Api.Feed;

/// <summary>
/// This silo's one subscription to one market: it receives the market grain's updates and fans them out to the
/// silo's clients of that market. It renews its lease every few seconds; if the market grain moved or restarted in
/// between, the renewal's answer shows a gap and every client is told to resync.
/// </summary>
public sealed class MarketFeedRelay(string marketId) : IMarketFeedObserver
{
    private readonly Lock _gate = new();
    private readonly List<FeedClient> _clients = [];
    private long _lastTradeSequence = -1;

    public string MarketId { get; } = marketId;

    public int ClientCount
    {
        get
        {
            lock (_gate)
            {
                return _clients.Count;
            }
        }
    }

    public void Add(FeedClient client)
    {
        lock (_gate)
        {
            _clients.Add(client);
        }
    }

    /// <summary>Removes a client; true when it was the last one.</summary>
    public bool Remove(FeedClient client)
    {
        lock (_gate)
        {
            _clients.Remove(client);
            return _clients.Count == 0;
        }
    }

    public Task OnFeed(MarketFeedUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        Deliver(update, isRenewal: false);
        return Task.CompletedTask;
    }

    /// <summary>Takes a renewal's answer: the market's current view, which reveals any trades this relay never received.</summary>
    public void Renewed(MarketFeedUpdate current) => Deliver(current, isRenewal: true);

    private void Deliver(MarketFeedUpdate update, bool isRenewal)
    {
        FeedClient[] clients;
        bool gap;
        lock (_gate)
        {
            var firstTrade = update.Trades.Count > 0 ? update.Trades[0].Sequence : update.LastTradeSequence + 1;
            gap = _lastTradeSequence >= 0 && (isRenewal ? update.LastTradeSequence > _lastTradeSequence : firstTrade > _lastTradeSequence + 1);
            _lastTradeSequence = Math.Max(_lastTradeSequence, update.LastTradeSequence);
            clients = [.. _clients];
        }

        foreach (var client in clients)
        {
            if (gap)
            {
                client.MarkLost();
            }

            if (!isRenewal)
            {
                client.Offer(update);
            }
        }
    }
}
