using Exchange.Contracts.Markets;
using Exchange.Markets;
using Exchange.Silo.Api.Feed;
using Xunit;

namespace Exchange.Silo.Tests.Feed;

/// <summary>Live data never waits for a client: slow clients and missed updates turn into a resync.</summary>
public sealed class MarketFeedRelayTests
{
    private static MarketFeedUpdate Update(long journal, long lastTrade, params long[] trades) => new(
        "chat-70b.20261128T1400", journal, lastTrade,
        [.. trades.Select(t => new PublicTrade(t, 400_000, 1_000, DateTimeOffset.UnixEpoch))],
        new TopOfBook(null, new PriceLevel(400_000, 1_000, 1)));

    [Fact]
    public async Task A_client_that_keeps_up_receives_every_update_in_order()
    {
        var relay = new MarketFeedRelay("m");
        var client = new FeedClient(8);
        relay.Add(client);
        relay.Renewed(Update(10, 0));
        await relay.OnFeed(Update(11, 1, 1));
        await relay.OnFeed(Update(12, 3, 2, 3));

        Assert.False(client.TakeLost());
        Assert.True(client.Updates.TryRead(out var first));
        Assert.True(client.Updates.TryRead(out var second));
        Assert.Equal([11L, 12L], [first!.JournalSequence, second!.JournalSequence]);
    }

    [Fact]
    public async Task A_client_that_falls_behind_is_dropped_to_a_resync_and_never_blocks_the_relay()
    {
        var relay = new MarketFeedRelay("m");
        var slow = new FeedClient(2);
        var fast = new FeedClient(100);
        relay.Add(slow);
        relay.Add(fast);
        relay.Renewed(Update(0, 0));

        for (var i = 1; i <= 50; i++)
        {
            // Completes at once even though nobody reads the slow client's queue.
            Assert.True(relay.OnFeed(Update(i, i, i)).IsCompletedSuccessfully);
        }

        Assert.True(slow.TakeLost());
        Assert.False(slow.Updates.TryRead(out _));
        Assert.False(fast.TakeLost());
        var received = 0;
        while (fast.Updates.TryRead(out _))
        {
            received++;
        }

        Assert.Equal(50, received);
    }

    [Fact]
    public async Task A_gap_in_trade_sequences_makes_every_client_resync()
    {
        var relay = new MarketFeedRelay("m");
        var client = new FeedClient(8);
        relay.Add(client);
        relay.Renewed(Update(5, 2));
        await relay.OnFeed(Update(6, 3, 3));
        Assert.False(client.Lost);

        // Trades 4 and 5 never arrived (say, the market moved to another silo between leases).
        await relay.OnFeed(Update(9, 6, 6));
        Assert.True(client.TakeLost());
    }

    [Fact]
    public async Task A_renewal_that_shows_trades_the_relay_never_received_makes_clients_resync()
    {
        var relay = new MarketFeedRelay("m");
        var client = new FeedClient(8);
        relay.Add(client);
        relay.Renewed(Update(5, 2));
        await relay.OnFeed(Update(6, 3, 3));

        relay.Renewed(Update(6, 3));
        Assert.False(client.TakeLost());
        relay.Renewed(Update(9, 7));
        Assert.True(client.TakeLost());
    }
}
