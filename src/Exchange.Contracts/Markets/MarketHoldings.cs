using Exchange.Markets;

namespace Exchange.Contracts.Markets;

/// <summary>
/// What a market still holds in memory for one tenant or cluster, every state durable: its open orders and those that
/// finished but are not yet in the order store. <see cref="Closed"/> with no orders means the market will never hold
/// anything of theirs again, so they may stop asking it.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record class MarketHoldings(
    [property: Id(0)] string MarketId,
    [property: Id(1)] bool Closed,
    [property: Id(2)] IReadOnlyList<OrderState> Orders)
{
    /// <summary>Whether the market is closed and holds nothing for the asker: it can leave the asker's set of markets.</summary>
    public bool Done => Closed && Orders.Count == 0;
}
