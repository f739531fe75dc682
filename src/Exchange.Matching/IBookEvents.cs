namespace Exchange.Matching;

/// <summary>Receives a book's events in sequence order; implement it on a struct so calls are inlined and nothing allocates.</summary>
public interface IBookEvents
{
    void OnAccepted(in OrderAccepted e);

    void OnRejected(in OrderRejected e);

    void OnFill(in Fill e);

    void OnReduced(in OrderReduced e);

    void OnCancelled(in OrderCancelled e);

    void OnExpired(in OrderExpired e);
}
