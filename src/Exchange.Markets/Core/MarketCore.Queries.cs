using Exchange.Matching;

namespace Exchange.Markets;

/// <summary>Read-only views of the market for public market data.</summary>
public sealed partial class MarketCore
{
    /// <summary>Aggregated depth, best first, prices in micro-dollars; no identities.</summary>
    public BookView Depth(int depth)
    {
        depth = Math.Clamp(depth, 1, 1000);
        return new BookView(MarketId, Levels(Side.Buy, depth), Levels(Side.Sell, depth), LastSequence, LastAllocationSequence);
    }

    private PriceLevel[] Levels(Side side, int depth)
    {
        var levels = new DepthLevel[depth];
        var count = _book.GetDepth(side, levels);
        var result = new PriceLevel[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = new PriceLevel(levels[i].Price * _rules.TickMicros, levels[i].Quantity, levels[i].OrderCount);
        }

        return result;
    }
}
