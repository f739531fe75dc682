using Exchange.Markets;

namespace Exchange.Contracts.Markets;

/// <summary>One market (model × delivery period): its order book, journal and ledger. Keyed by market id.</summary>
public interface IMarketGrain : IGrainWithStringKey
{
    /// <summary>Places an order; the answer comes only once its command is durable. Repeating a client order id returns the first outcome.</summary>
    Task<PlaceOrderResult> Place(OrderRequest request);

    /// <summary>The order if it exists in this market and belongs to <paramref name="tenantId"/>; otherwise null.</summary>
    Task<OrderState?> GetOrder(string tenantId, string orderId);

    /// <summary>The tenant's orders this market holds in memory (open, or finished but not yet stored), once durable.</summary>
    Task<MarketHoldings> HoldingsOf(string tenantId);

    /// <summary>The sell orders of the cluster this market holds in memory (open, or finished but not yet stored), once durable.</summary>
    Task<MarketHoldings> SellsOf(string clusterId);

    /// <summary>Cancels what remains of the tenant's order; an order no longer open is returned unchanged.</summary>
    Task<AmendOrderResult> Cancel(string tenantId, string orderId);

    /// <summary>Reduces the order's total quantity, keeping its time priority.</summary>
    Task<AmendOrderResult> Reduce(string tenantId, string orderId, long newQuantity);

    /// <summary>Cancels every resting sell order of the cluster (it went offline); returns how many were cancelled.</summary>
    Task<int> CancelCluster(string clusterId);

    /// <summary>Gate closure: the market closes and every resting order expires.</summary>
    Task Close();

    /// <summary>
    /// Sends the market's public updates to <paramref name="observer"/> for the next two minutes (call again to stay
    /// subscribed); answers with the current view, so a subscriber can tell whether it missed anything.
    /// </summary>
    Task<MarketFeedUpdate> Subscribe(IMarketFeedObserver observer);

    /// <summary>Stops sending updates to <paramref name="observer"/>.</summary>
    Task Unsubscribe(IMarketFeedObserver observer);

    /// <summary>Aggregated depth, best first, up to <paramref name="depth"/> levels a side.</summary>
    Task<BookView> GetBook(int depth);
}
