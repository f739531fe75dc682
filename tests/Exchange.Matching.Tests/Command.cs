using Exchange.Matching;

namespace Exchange.Matching.Tests;

/// <summary>One command of a test stream, applicable to the engine and to the reference book alike.</summary>
internal abstract record Command(long Timestamp)
{
    public abstract void Apply(OrderBook book, ref EventLog log);

    public abstract void Apply(ReferenceBook book, List<object> events);
}

internal sealed record PlaceCommand(PlaceOrder Order) : Command(Order.Timestamp)
{
    public override void Apply(OrderBook book, ref EventLog log) => book.Place(Order, ref log);

    public override void Apply(ReferenceBook book, List<object> events) => book.Place(Order, events);
}

internal sealed record CancelCommand(long OrderId, long Timestamp) : Command(Timestamp)
{
    public override void Apply(OrderBook book, ref EventLog log) => book.Cancel(OrderId, Timestamp, ref log);

    public override void Apply(ReferenceBook book, List<object> events) => book.Cancel(OrderId, Timestamp, events);
}

internal sealed record ReduceCommand(long OrderId, long NewRemaining, long Timestamp) : Command(Timestamp)
{
    public override void Apply(OrderBook book, ref EventLog log) => book.Reduce(OrderId, NewRemaining, Timestamp, ref log);

    public override void Apply(ReferenceBook book, List<object> events) => book.Reduce(OrderId, NewRemaining, Timestamp, events);
}

internal sealed record ReplaceCommand(long OrderId, long NewPrice, long NewQuantity, long Timestamp) : Command(Timestamp)
{
    public override void Apply(OrderBook book, ref EventLog log) => book.Replace(OrderId, NewPrice, NewQuantity, Timestamp, ref log);

    public override void Apply(ReferenceBook book, List<object> events) => book.Replace(OrderId, NewPrice, NewQuantity, Timestamp, events);
}

internal sealed record CancelClusterCommand(long ClusterId, long Timestamp) : Command(Timestamp)
{
    public override void Apply(OrderBook book, ref EventLog log) => book.CancelCluster(ClusterId, Timestamp, ref log);

    public override void Apply(ReferenceBook book, List<object> events) => book.CancelCluster(ClusterId, Timestamp, events);
}

internal sealed record AdvanceTimeCommand(long Timestamp) : Command(Timestamp)
{
    public override void Apply(OrderBook book, ref EventLog log) => book.AdvanceTime(Timestamp, ref log);

    public override void Apply(ReferenceBook book, List<object> events) => book.AdvanceTime(Timestamp, events);
}

internal sealed record CloseCommand(long Timestamp) : Command(Timestamp)
{
    public override void Apply(OrderBook book, ref EventLog log) => book.Close(Timestamp, ref log);

    public override void Apply(ReferenceBook book, List<object> events) => book.Close(Timestamp, events);
}
