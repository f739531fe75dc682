using Exchange.Matching;

namespace Exchange.Markets;

/// <summary>Collects the events one command produced, in order; reused from command to command.</summary>
internal sealed class BookEventBuffer
{
    public List<BookEvent> Events { get; } = [];

    public void Clear() => Events.Clear();
}

/// <summary>One engine event in a form the market can walk through after the command.</summary>
internal readonly record struct BookEvent(
    BookEventKind Kind,
    long OrderId,
    long Quantity,
    Fill Fill,
    RejectReason Reject,
    CancelReason Cancel);

internal enum BookEventKind : byte
{
    Accepted,
    Rejected,
    Fill,
    Reduced,
    Cancelled,
    Expired,
}

/// <summary>The engine's sink: a struct, as the engine requires, that appends to the shared buffer.</summary>
internal readonly struct CollectingSink(BookEventBuffer buffer) : IBookEvents
{
    public void OnAccepted(in OrderAccepted e) =>
        buffer.Events.Add(new BookEvent(BookEventKind.Accepted, e.OrderId, e.Quantity, default, default, default));

    public void OnRejected(in OrderRejected e) =>
        buffer.Events.Add(new BookEvent(BookEventKind.Rejected, e.OrderId, 0, default, e.Reason, default));

    public void OnFill(in Fill e) =>
        buffer.Events.Add(new BookEvent(BookEventKind.Fill, 0, e.Quantity, e, default, default));

    public void OnReduced(in OrderReduced e) =>
        buffer.Events.Add(new BookEvent(BookEventKind.Reduced, e.OrderId, e.ReducedBy, default, default, default));

    public void OnCancelled(in OrderCancelled e) =>
        buffer.Events.Add(new BookEvent(BookEventKind.Cancelled, e.OrderId, e.Remaining, default, default, e.Reason));

    public void OnExpired(in OrderExpired e) =>
        buffer.Events.Add(new BookEvent(BookEventKind.Expired, e.OrderId, e.Remaining, default, default, default));
}
