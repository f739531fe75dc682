namespace Exchange.Matching;

/// <summary>The side of the book an order rests on: buyers bid, providers ask.</summary>
public enum Side : byte
{
    Buy = 0,
    Sell = 1,
}
