using System.Globalization;

namespace Exchange.Markets;

/// <summary>
/// The buy orders the exchange places for a buyer to re-allocate what a failed cluster owed it. Their client order ids
/// hold a space, which no id a client sends may (the API takes printable ASCII without spaces), so they never meet a
/// buyer's own; and they follow from the parent allocation and the attempt, so a retried step finds its order.
/// </summary>
public static class ReallocationOrders
{
    /// <summary>How every such client order id begins (the order store's spend leaves them out by it).</summary>
    public const string Prefix = "failover ";

    /// <summary>The client order id of the <paramref name="attempt"/>th (from 1) order re-allocating <paramref name="parentAllocationId"/>.</summary>
    public static string ClientOrderId(string parentAllocationId, int attempt) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}{parentAllocationId} {attempt}");

    /// <summary>
    /// The bid in the units of the market it goes to (its pinned rules, whatever the configuration says now): the price
    /// down to its tick, the quantity down to its lot. What no whole lot holds is refunded with the rest the bid leaves.
    /// </summary>
    public static OrderRequest Fit(OrderRequest request, MarketRules rules)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(rules);
        return request with
        {
            PriceMicros = request.PriceMicros - (request.PriceMicros % rules.TickMicros),
            Quantity = request.Quantity - (request.Quantity % rules.LotSize),
        };
    }

    /// <summary>
    /// Whether the order is one of these: it spends its parent's escrow, not the buyer's credit, so the buyer's own
    /// reservations leave it out.
    /// </summary>
    public static bool Is(string clientOrderId) => clientOrderId.StartsWith(Prefix, StringComparison.Ordinal);
}
