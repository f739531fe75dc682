namespace Exchange.Matching;

/// <summary>How long an order's unfilled remainder may rest in the book.</summary>
public enum TimeInForce : byte
{
    /// <summary>Good till cancelled: rests until gate closure.</summary>
    Gtc = 0,

    /// <summary>Good till date: rests until the first command whose timestamp reaches <c>ExpiresAt</c>.</summary>
    Gtd = 1,

    /// <summary>Immediate or cancel: the remainder is cancelled.</summary>
    Ioc = 2,

    /// <summary>Fill or kill: fills entirely at once or is rejected without any fill.</summary>
    Fok = 3,
}
