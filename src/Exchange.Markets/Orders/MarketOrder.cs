
namespace Exchange.Markets;

/// <summary>The market's bookkeeping for one accepted order, beyond what the engine holds.</summary>
public sealed class MarketOrder(long sequence, string orderId, OrderRequest request, long createdAtMs)
{
    public long Sequence { get; } = sequence;

    public string OrderId { get; } = orderId;

    public OrderRequest Request { get; } = request;

    public long CreatedAtMs { get; } = createdAtMs;

    /// <summary>Total quantity: the requested one, less any reductions.</summary>
    public long Quantity { get; set; } = request.Quantity;

    public long Filled { get; set; }

    /// <summary>USD paid or earned so far: each fill at its own (the resting order's) price.</summary>
    public decimal FilledNotional { get; set; }

    /// <summary>Still resting in the book.</summary>
    public long Remaining { get; set; }

    /// <summary>Left the book without trading: cancelled, expired or an IOC/FOK remainder.</summary>
    public long Cancelled { get; set; }

    public OrderEnd End { get; set; }

    /// <summary>The journal sequence of the last command that changed the order.</summary>
    public long UpdatedSequence { get; set; }

    public List<string> AllocationIds { get; } = [];

    public OrderStatus Status => Remaining > 0
        ? (Filled > 0 ? OrderStatus.PartiallyFilled : OrderStatus.Open)
        : End switch
        {
            OrderEnd.Expired => OrderStatus.Expired,
            OrderEnd.Cancelled when Cancelled > 0 => OrderStatus.Cancelled,
            _ => OrderStatus.Filled,
        };

    public bool IsOpen => Remaining > 0;

    public OrderState ToState(string marketId) => new(
        OrderId, Request.ClientOrderId, marketId, Request.TenantId, Request.Side, Request.Kind,
        Request.PriceMicros, Quantity, Filled, Remaining, Cancelled, Status, Request.TimeInForce,
        DateTimeOffset.FromUnixTimeMilliseconds(CreatedAtMs), Request.Cluster?.ClusterId, [.. AllocationIds], FilledNotional);
}

/// <summary>How an order left the book other than by filling.</summary>
public enum OrderEnd : byte
{
    None = 0,
    Cancelled = 1,
    Expired = 2,
}
