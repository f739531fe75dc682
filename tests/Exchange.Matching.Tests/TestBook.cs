using Exchange.Matching;

namespace Exchange.Matching.Tests;

/// <summary>An engine book with a recording sink and short helpers; each helper returns the events of its command.</summary>
internal sealed class TestBook(BookConfig? config = null)
{
    private readonly List<object> _events = [];

    public OrderBook Book { get; } = new(config ?? new BookConfig());

    public List<object> Place(PlaceOrder order) => Run((book, log) => book.Place(order, ref log));

    public List<object> Buy(long id, long price, long quantity, int owner = 100, BidConstraints constraints = default, long timestamp = 0) =>
        Place(PlaceOrder.Limit(id, owner, Side.Buy, price, quantity, timestamp) with { Constraints = constraints });

    public List<object> Sell(long id, long price, long quantity, int owner = 200, ClusterAttributes cluster = default, long timestamp = 0) =>
        Place(PlaceOrder.Limit(id, owner, Side.Sell, price, quantity, timestamp) with { Cluster = cluster });

    public List<object> Cancel(long id, long timestamp = 0) => Run((book, log) => book.Cancel(id, timestamp, ref log));

    public List<object> Reduce(long id, long remaining, long timestamp = 0) => Run((book, log) => book.Reduce(id, remaining, timestamp, ref log));

    public List<object> Replace(long id, long price, long quantity, long timestamp = 0) =>
        Run((book, log) => book.Replace(id, price, quantity, timestamp, ref log));

    public List<object> CancelCluster(long clusterId, long timestamp = 0) => Run((book, log) => book.CancelCluster(clusterId, timestamp, ref log));

    public List<object> Close(long timestamp = 0) => Run((book, log) => book.Close(timestamp, ref log));

    public List<object> AdvanceTime(long timestamp) => Run((book, log) => book.AdvanceTime(timestamp, ref log));

    public List<object> AllEvents => _events;

    private List<object> Run(Action<OrderBook, EventLog> action)
    {
        var events = new List<object>();
        action(Book, new EventLog(events));
        _events.AddRange(events);
        Book.ValidateInternalState();
        return events;
    }
}
