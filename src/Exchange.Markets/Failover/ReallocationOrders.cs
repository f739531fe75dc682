using System.Globalization;

namespace Exchange.Markets;

/// <summary>
/// The buy orders the exchange places for a buyer to re-allocate what a failed cluster owed it. Their client order ids
/// hold a space, which no id a client sends may (the API takes printable ASCII without spaces), so they never meet a
/// buyer's own; and they follow from the parent allocation and the attempt, so a retried step finds its order.
/// </summary>
public static class ReallocationOrders
{
    private const string Prefix = "failover ";

    /// <summary>The client order id of the <paramref name="attempt"/>th (from 1) order re-allocating <paramref name="parentAllocationId"/>.</summary>
    public static string ClientOrderId(string parentAllocationId, int attempt) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}{parentAllocationId} {attempt}");

    /// <summary>
    /// Whether the order is one of these: it spends its parent's escrow, not the buyer's credit, so the buyer's own
    /// reservations leave it out.
    /// </summary>
    public static bool Is(string clientOrderId) => clientOrderId.StartsWith(Prefix, StringComparison.Ordinal);
}
