namespace Exchange.Matching;

/// <summary>
/// The taker's side as a type: generic code instantiated per side constant-folds every buy/sell
/// decision, so the hot path branches on the side once per command instead of at every comparison
/// (the side of the next command is random, so each such branch would mispredict half the time).
/// </summary>
internal interface ISideRules
{
    static abstract bool IsBuy { get; }
}

/// <summary>Rules for an incoming buy.</summary>
internal readonly struct BuyRules : ISideRules
{
    public static bool IsBuy => true;
}

/// <summary>Rules for an incoming sell.</summary>
internal readonly struct SellRules : ISideRules
{
    public static bool IsBuy => false;
}
