using Exchange.Markets;
using Orleans.Concurrency;

namespace Exchange.Contracts.Markets;

/// <summary>Receives a market's public data as it happens: trades and top-of-book changes, with no identities.</summary>
public interface IMarketFeedObserver : IGrainObserver
{
    /// <summary>What one durable command changed in public view; one-way, so a slow receiver never slows the market.</summary>
    [OneWay]
    Task OnFeed(MarketFeedUpdate update);
}

/// <summary>A market's public view after one durable command: the trades it made and the best bid and ask.</summary>
/// <param name="JournalSequence">The command's journal sequence; updates of one market arrive in this order or are detectably missing.</param>
/// <param name="LastTradeSequence">The market's last allocation sequence after the command; a gap from the previous update's means trades were missed.</param>
[GenerateSerializer, Immutable]
public sealed record class MarketFeedUpdate(
    [property: Id(0)] string MarketId,
    [property: Id(1)] long JournalSequence,
    [property: Id(2)] long LastTradeSequence,
    [property: Id(3)] IReadOnlyList<PublicTrade> Trades,
    [property: Id(4)] TopOfBook Top);

/// <summary>One trade without identities.</summary>
[GenerateSerializer, Immutable]
public sealed record class PublicTrade(
    [property: Id(0)] long Sequence,
    [property: Id(1)] long PriceMicros,
    [property: Id(2)] long Quantity,
    [property: Id(3)] DateTimeOffset MatchedAt);

/// <summary>The best bid and ask levels (null when a side is empty).</summary>
[GenerateSerializer, Immutable]
public sealed record class TopOfBook(
    [property: Id(0)] PriceLevel? Bid,
    [property: Id(1)] PriceLevel? Ask);
