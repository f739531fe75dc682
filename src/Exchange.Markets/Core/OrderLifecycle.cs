namespace Exchange.Markets;

/// <summary>One event in an order's life: what happened, when (the command's time), at which journal sequence, to how many tokens.</summary>
/// <param name="Type">accepted, fill, reduced, cancelled or expired.</param>
/// <param name="Quantity">Tokens the event concerned: ordered, filled, reduced by, cancelled or expired.</param>
/// <param name="PriceMicros">The order's limit (accepted) or the fill's price; null otherwise.</param>
public sealed record LifecycleEvent(string Type, DateTimeOffset At, long Sequence, long Quantity, long? PriceMicros, string? AllocationId);

/// <summary>
/// Watches one order through a journal replay and tells its life as events: feed it every command the replay applies,
/// from the order's own on, with what <see cref="MarketCore.Apply"/> made of it. Pure, like the replay: the same journal
/// always tells the same life.
/// </summary>
public sealed class OrderLifecycle(string orderId)
{
    private readonly List<LifecycleEvent> _events = [];
    private long? _placedAt;
    private (long Quantity, long Cancelled)? _last;

    /// <summary>The events so far, oldest first; null when the order was never accepted (unknown, or its placement was refused).</summary>
    public IReadOnlyList<LifecycleEvent>? Events => _last is null ? null : _events;

    /// <summary>Whether the order's life is over: it finished, or its placement turned out refused.</summary>
    public bool Done { get; private set; }

    /// <summary>Takes one applied command; call in journal order.</summary>
    public void Observe(long sequence, MarketCommand command, CommandOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(outcome);
        _placedAt ??= OrderIds.TryParse(orderId, out _, out var placedAt) ? placedAt : -1;
        var at = DateTimeOffset.FromUnixTimeMilliseconds(command.Timestamp);
        if (sequence == _placedAt)
        {
            if (outcome.Order is not { } placed)
            {
                Done = true;
                return;
            }

            var request = placed.Request;
            _events.Add(new LifecycleEvent("accepted", at, sequence, request.Quantity, request.Kind == OrderKind.Limit ? request.PriceMicros : null, null));
            _last = (request.Quantity, 0);
        }

        if (_last is not { } before || Done)
        {
            return;
        }

        _events.AddRange(outcome.Allocations
            .Where(a => a.BuyOrderId == orderId || a.SellOrderId == orderId)
            .Select(a => new LifecycleEvent("fill", a.MatchedAt, sequence, a.Quantity, a.PriceMicros, a.AllocationId)));
        if (outcome.Touched.FirstOrDefault(o => o.OrderId == orderId) is not { } order)
        {
            return;
        }

        if (order.Quantity < before.Quantity)
        {
            _events.Add(new LifecycleEvent("reduced", at, sequence, before.Quantity - order.Quantity, null, null));
        }

        if (order.Cancelled > before.Cancelled)
        {
            _events.Add(new LifecycleEvent(order.End == OrderEnd.Expired ? "expired" : "cancelled", at, sequence, order.Cancelled - before.Cancelled, null, null));
        }

        _last = (order.Quantity, order.Cancelled);
        Done = !order.IsOpen;
    }
}
