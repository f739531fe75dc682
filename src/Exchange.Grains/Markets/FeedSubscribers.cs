using Exchange.Contracts.Markets;
using Exchange.Markets;

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

    /// <summary>The public view of <paramref name="core"/> right after command <paramref name="sequence"/>: its trades and the top of the book.</summary>
    public static MarketFeedUpdate View(MarketCore core, long sequence, IReadOnlyList<PublicTrade> trades)
    {
        ArgumentNullException.ThrowIfNull(core);
        var top = core.Depth(1);
        return new MarketFeedUpdate(core.MarketId, sequence, core.LastAllocationSequence, trades,
            new TopOfBook(top.Bids.Count > 0 ? top.Bids[0] : null, top.Asks.Count > 0 ? top.Asks[0] : null));
    }

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
