using Exchange.Contracts.Markets;

namespace Exchange.Grains.Markets;

/// <summary>A market's public-data subscribers; each lapses unless it renews, so a vanished silo's observer is forgotten.</summary>
public sealed class FeedSubscribers
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    private readonly Dictionary<IMarketFeedObserver, DateTimeOffset> _until = [];
    private TopOfBook? _lastTop;

    public bool Any => _until.Count > 0;

    public void Renew(IMarketFeedObserver observer, DateTimeOffset now) => _until[observer] = now + Lease;

    public void Remove(IMarketFeedObserver observer) => _until.Remove(observer);

    /// <summary>Sends an update to every live subscriber when it has trades or moved the top of the book.</summary>
    public void Publish(MarketFeedUpdate update, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (update.Trades.Count == 0 && update.Top == _lastTop)
        {
            return;
        }

        _lastTop = update.Top;
        foreach (var (observer, until) in _until.ToArray())
        {
            if (until < now)
            {
                _until.Remove(observer);
            }
            else
            {
                observer.OnFeed(update).Ignore();
            }
        }
    }
}
