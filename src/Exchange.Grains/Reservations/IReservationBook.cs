using Exchange.Markets;

namespace Exchange.Grains.Reservations;

/// <summary>A holder's reservations, kept current from its orders' states (<see cref="ReservationHolder"/>).</summary>
public interface IReservationBook
{
    /// <summary>Takes an order's latest state; fills only grow and what rests only shrinks, so a stale report changes nothing.</summary>
    void Apply(OrderState order);

    /// <summary>
    /// Drops reservations no state of their order confirmed since before <paramref name="cutoff"/>: those orders never came
    /// to exist, and whoever reserved them died before releasing them. Returns how many.
    /// </summary>
    int DropUnconfirmedBefore(DateTimeOffset cutoff);
}
