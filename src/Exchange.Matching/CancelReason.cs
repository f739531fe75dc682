namespace Exchange.Matching;

/// <summary>Why an accepted order's remainder left the book without trading.</summary>
public enum CancelReason : byte
{
    /// <summary>The owner cancelled it.</summary>
    User = 0,

    /// <summary>Self-trade prevention: the incoming (newer) order met a resting order of its own owner.</summary>
    SelfTrade,

    /// <summary>What an IOC, FOK or market order could not fill at once.</summary>
    IocRemainder,

    /// <summary>The ask's cluster went offline.</summary>
    ClusterOffline,

    /// <summary>Replaced by a price or quantity change; the order comes back with a new priority.</summary>
    Replaced,
}
