namespace Exchange.Grains;

/// <summary>
/// The order of an order's states: fills only grow and what rests only shrinks. Reports arrive one-way and
/// may be duplicated, reordered or stale; comparing with this rule makes merging them idempotent.
/// </summary>
public static class OrderProgress
{
    /// <summary>Whether a report (filled, remaining) is older than what is already known.</summary>
    public static bool IsStale(long knownFilled, long knownRemaining, long filled, long remaining) =>
        knownFilled > filled || (knownFilled == filled && knownRemaining < remaining);
}
