using Exchange.Contracts.Clusters;
using Exchange.Contracts.Markets;
using Exchange.Markets;

namespace Exchange.Grains.Tenants;

/// <summary>Sends an admitted order on: a sell's cluster capacity first, then the market; undoes the reservations of a refusal.</summary>
internal sealed class OrderSender(IGrainFactory grains, TenantOrders orders, ExchangeClock clock)
{
    /// <summary>Takes a sell's cluster capacity, then places the order; undoes the reservations when it is refused.</summary>
    public async Task<PlaceOrderResult> SendAsync(string tenantId, IMarketGrain market, OrderRequest request)
    {
        var sent = request;
        IClusterGrain? cluster = null;
        try
        {
            if (request.Side == OrderSide.Sell)
            {
                cluster = grains.GetGrain<IClusterGrain>(request.Cluster?.ClusterId ?? "");
                var capacity = await cluster.Reserve(tenantId, market.GetPrimaryKeyString(), request.ClientOrderId, request.Quantity);
                if (capacity.Seller is null)
                {
                    orders.RemovePending(request.ClientOrderId);
                    return PlaceOrderResult.Rejected(capacity.RejectReason ?? RejectCode.UnknownCluster);
                }

                request = request with { Cluster = capacity.Seller };
            }

            var result = await market.Place(request);
            if (result.Order is { } order)
            {
                orders.Apply(order);
            }
            else
            {
                await Undo(cluster, tenantId, request.ClientOrderId);
            }

            return result;
        }
        catch
        {
            // Not acknowledged, yet the market may have journaled it before its answer was lost (its silo died, say); the
            // market's update or the next reconcile brings it back. Until a state of the order confirms it or a lease runs
            // out, the buyer's credit and the cluster's capacity stay reserved: released here, they could go to other
            // orders while this one rests in the book, and the buyer's limit or the cluster would be exceeded. A retry of
            // the order finds them still reserved.
            orders.MarkUnanswered(sent.ClientOrderId, sent, clock.UtcNow);
            throw;
        }
    }

    private async Task Undo(IClusterGrain? cluster, string tenantId, string clientOrderId)
    {
        orders.RemovePending(clientOrderId);
        if (cluster is not null)
        {
            await cluster.Release(tenantId, clientOrderId);
        }
    }
}
