using Exchange.Contracts.Markets;

namespace Exchange.Silo.Api.Feed;

/// <summary>The silo's live market-data subscriptions: one relay per market with clients, renewed while clients remain.</summary>
public sealed partial class MarketFeedHub(IGrainFactory grains, ILogger<MarketFeedHub> logger) : BackgroundService
{
    private static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (MarketFeedRelay Relay, IMarketFeedObserver Reference)> _relays = new(StringComparer.Ordinal);

    /// <summary>Adds a client to a market's relay, subscribing this silo to the market if it is the first.</summary>
    public async Task JoinAsync(string marketId, FeedClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        (MarketFeedRelay Relay, IMarketFeedObserver Reference) entry;
        bool first;
        lock (_gate)
        {
            first = !_relays.TryGetValue(marketId, out entry);
            if (first)
            {
                var relay = new MarketFeedRelay(marketId);
                entry = (relay, grains.CreateObjectReference<IMarketFeedObserver>(relay));
                _relays[marketId] = entry;
            }

            entry.Relay.Add(client);
        }

        if (first)
        {
            entry.Relay.Renewed(await grains.GetGrain<IMarketGrain>(marketId).Subscribe(entry.Reference));
        }
    }

    /// <summary>Removes a client; the last one out ends this silo's subscription to the market.</summary>
    public async Task LeaveAsync(string marketId, FeedClient client)
    {
        IMarketFeedObserver? reference = null;
        lock (_gate)
        {
            if (_relays.TryGetValue(marketId, out var entry) && entry.Relay.Remove(client))
            {
                _relays.Remove(marketId);
                reference = entry.Reference;
            }
        }

        if (reference is not null)
        {
            try
            {
                await grains.GetGrain<IMarketGrain>(marketId).Unsubscribe(reference);
            }
            finally
            {
                grains.DeleteObjectReference<IMarketFeedObserver>(reference);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RenewEvery);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            (MarketFeedRelay Relay, IMarketFeedObserver Reference)[] entries;
            lock (_gate)
            {
                entries = [.. _relays.Values];
            }

            foreach (var (relay, reference) in entries)
            {
                try
                {
                    relay.Renewed(await grains.GetGrain<IMarketGrain>(relay.MarketId).Subscribe(reference));
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The next renewal tries again; until then the relay's clients simply hear nothing new.
                    RenewalFailed(logger, relay.MarketId, ex);
                }
            }
        }
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Renewing the live-data subscription to {MarketId} failed")]
    private static partial void RenewalFailed(ILogger logger, string marketId, Exception exception);
}
