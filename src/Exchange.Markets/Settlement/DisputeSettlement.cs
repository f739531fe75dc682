namespace Exchange.Markets.Settlement;

/// <summary>
/// How a dispute ends. At close, the token-equivalents the meter counted beyond what the buyer's receipts allowed
/// stayed in escrow; an operator decides how many of them were delivered (awarded), or nobody does
/// before <see cref="DisputeTerms.DisputeSeconds"/> and none were. The awarded part is charged as an interval is, oldest
/// slices first, with the SLO credit of the intervals that delivered them; the rest goes back to the buyer, and the
/// escrow is then exactly zero.
/// </summary>
public static class DisputeSettlement
{
    public static IReadOnlyList<Transfer> End(SettledAllocation allocation, IReadOnlyList<HeldSlice> held, long awarded, SettlementTerms terms)
    {
        ArgumentNullException.ThrowIfNull(allocation);
        ArgumentNullException.ThrowIfNull(held);
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentOutOfRangeException.ThrowIfNegative(awarded);
        var disputed = held.Sum(s => s.Tokens);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(awarded, disputed);
        var (taken, _) = HeldSlice.Take(held, awarded);
        var id = $"{allocation.AllocationId}.dispute";
        return [.. AllocationSettlement.Charge(allocation, id, awarded, taken, terms),
            .. AllocationSettlement.GiveBack(allocation, disputed - awarded, $"{id}.refund", TransferKind.Dispute)];
    }
}
