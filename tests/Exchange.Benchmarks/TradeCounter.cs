using Exchange.Matching;

namespace Exchange.Benchmarks;

/// <summary>An event sink that only sums fills, so timing measures the book and not the consumer.</summary>
public struct TradeCounter : IBookEvents
{
    public long Trades;
    public long Quantity;
    public long Notional;

    public void OnAccepted(in OrderAccepted e)
    {
    }

    public void OnRejected(in OrderRejected e)
    {
    }

    public void OnFill(in Fill e)
    {
        Trades++;
        Quantity += e.Quantity;
        Notional += e.Price * e.Quantity;
    }

    public void OnReduced(in OrderReduced e)
    {
    }

    public void OnCancelled(in OrderCancelled e)
    {
    }

    public void OnExpired(in OrderExpired e)
    {
    }
}
