namespace Exchange.Matching;

/// <summary>Whether an order carries a limit price or takes at the market within the protection band.</summary>
public enum OrderType : byte
{
    Limit = 0,
    Market = 1,
}
