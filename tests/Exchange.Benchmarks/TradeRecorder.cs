using Exchange.Matching;

namespace Exchange.Benchmarks;

/// <summary>An event sink that keeps every fill, for the untimed <c>--trades</c> pass.</summary>
public readonly struct TradeRecorder(List<Fill> fills) : IBookEvents
{
    public void OnAccepted(in OrderAccepted e)
    {
    }

    public void OnRejected(in OrderRejected e)
    {
    }

    public void OnFill(in Fill e) => fills.Add(e);

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
