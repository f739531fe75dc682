using Exchange.Matching;

namespace Exchange.Benchmarks;

/// <summary>Discards every event; the micro-benchmarks measure the book alone.</summary>
public struct NullSink : IBookEvents
{
    public void OnAccepted(in OrderAccepted e)
    {
    }

    public void OnRejected(in OrderRejected e)
    {
    }

    public void OnFill(in Fill e)
    {
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
