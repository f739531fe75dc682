using Exchange.Contracts.Clusters;
using Exchange.Contracts.Markets;
using Exchange.Grains.Reservations;
using Exchange.Markets;

namespace Exchange.Grains.Clusters;

/// <summary>
/// A cluster's use per delivery period. Models share the GPUs, so an order of q tokens of a model served at
/// r tokens/s occupies ceil(q·10⁶ / r) microseconds of the period; offered plus allocated time never exceeds
/// the period. Integer arithmetic, rounding up, so the cluster is never oversold.
/// </summary>
public sealed class CapacityBook : IReservationBook
{
    private readonly Dictionary<string, long> _throughput;
    private readonly TimeSpan _period;
    private readonly Dictionary<DateTimeOffset, long> _usedMicros = [];

    // Each use counted into its period's total as it changes: every reservation reads that total.
    private readonly Footprints<Use> _uses;

    public CapacityBook(ClusterRegistration registration, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(registration);
        _throughput = registration.Models.ToDictionary(m => m.Model, m => m.TokensPerSecond, StringComparer.Ordinal);
        _period = period;
        _uses = new Footprints<Use>(Count);
    }

    /// <summary>One order's use: tokens still offered and tokens already allocated; unconfirmed while only reserved, until a state of the order arrives.</summary>
    private sealed record Use(string MarketId, string Model, DateTimeOffset PeriodStart, long Offered, long Allocated, DateTimeOffset? ReservedAt = null);

    private long PeriodMicros => (long)_period.TotalMilliseconds * 1_000;

    public bool Serves(string model) => _throughput.ContainsKey(model);

    /// <summary>Reserves <paramref name="quantity"/> tokens for an order; false when the period has no room for them.</summary>
    public bool TryReserve(string orderKey, MarketId market, long quantity, DateTimeOffset now)
    {
        if (_uses.Contains(orderKey))
        {
            return true;
        }

        var wanted = Micros(market.Model, quantity);
        if (UsedMicros(market.PeriodStart) + wanted > PeriodMicros)
        {
            return false;
        }

        _uses.Set(orderKey, new Use(market.ToString(), market.Model, market.PeriodStart, quantity, 0, now));
        return true;
    }

    /// <summary>Forgets a reservation whose order never came to exist.</summary>
    public void Release(string orderKey) => _uses.Remove(orderKey);

    public void Apply(OrderState order)
    {
        ArgumentNullException.ThrowIfNull(order);
        Apply(OrderKeys.For(order.TenantId, order.ClientOrderId), order.MarketId, order.RemainingQuantity, order.FilledQuantity);
    }

    /// <summary>Sets an order's use from its latest state; fills only grow and what rests only shrinks, so a stale report changes nothing.</summary>
    public void Apply(string orderKey, string marketId, long remaining, long filled)
    {
        if (!MarketId.TryParse(marketId, out var market) || !Serves(market.Value.Model))
        {
            return;
        }

        if (_uses.Find(orderKey) is { } known && OrderProgress.IsStale(known.Allocated, known.Offered, filled, remaining))
        {
            return;
        }

        _uses.Set(orderKey, new Use(marketId, market.Value.Model, market.Value.PeriodStart, remaining, filled));
    }

    public int DropUnconfirmedBefore(DateTimeOffset cutoff) => _uses.RemoveWhere(u => u.ReservedAt is { } at && at < cutoff);

    /// <summary>The markets in which the cluster still has tokens offered.</summary>
    public IEnumerable<string> MarketsWithOffers() => _uses.Values.Where(u => u.Offered > 0).Select(u => u.MarketId).Distinct();

    /// <summary>Use per period and model, for the cluster's view.</summary>
    public IReadOnlyList<PeriodCapacity> Periods() =>
        [.. _uses.Values
            .GroupBy(u => (u.PeriodStart, u.Model))
            .OrderBy(g => g.Key.PeriodStart).ThenBy(g => g.Key.Model, StringComparer.Ordinal)
            .Select(g => new PeriodCapacity(
                g.Key.PeriodStart, g.Key.Model, _throughput[g.Key.Model] * (long)_period.TotalSeconds,
                g.Sum(u => u.Offered), g.Sum(u => u.Allocated)))];

    private long UsedMicros(DateTimeOffset periodStart) => _usedMicros.GetValueOrDefault(periodStart);

    /// <summary>Adds (+1) or removes (-1) a use's time from its period's total; exact, so removing undoes adding.</summary>
    private void Count(Use use, int sign) =>
        _usedMicros[use.PeriodStart] = _usedMicros.GetValueOrDefault(use.PeriodStart) + (sign * Micros(use.Model, use.Offered + use.Allocated));

    private long Micros(string model, long tokens)
    {
        var rate = _throughput[model];
        return checked((tokens * 1_000_000) + rate - 1) / rate;
    }
}
