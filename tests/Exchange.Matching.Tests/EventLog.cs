using Exchange.Matching;

namespace Exchange.Matching.Tests;

/// <summary>Test sink: keeps every event, boxed, in order (tests may allocate).</summary>
internal readonly struct EventLog(List<object> events) : IBookEvents
{
    public List<object> Events { get; } = events;

    public void OnAccepted(in OrderAccepted e) => Events.Add(e);

    public void OnRejected(in OrderRejected e) => Events.Add(e);

    public void OnFill(in Fill e) => Events.Add(e);

    public void OnReduced(in OrderReduced e) => Events.Add(e);

    public void OnCancelled(in OrderCancelled e) => Events.Add(e);

    public void OnExpired(in OrderExpired e) => Events.Add(e);
}
