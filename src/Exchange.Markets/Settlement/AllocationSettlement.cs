namespace Exchange.Markets.Settlement;

/// <summary>What settlement needs of an allocation: who pays whom, for how many token-equivalents, at what price.</summary>
public sealed record SettledAllocation(string AllocationId, string BuyerId, string ProviderId, long Quantity, long PriceMicros);

/// <summary>
/// The transfers an allocation's life makes, as pure functions of the allocation, what was delivered and the terms,
/// each with a deterministic id, so that settling the same interval twice finds the same transfers:
/// the fill funds its escrow from the buyer's cash; each interval pays the delivered part to the provider less the fee
/// and credits the buyer for a missed SLO out of the provider's proceeds; the close refunds the undelivered rest.
/// </summary>
public static class AllocationSettlement
{
    /// <summary>The fill: the whole price of the allocation moves from the buyer's cash into its escrow.</summary>
    public static Transfer Fund(SettledAllocation allocation)
    {
        ArgumentNullException.ThrowIfNull(allocation);
        return new Transfer($"{allocation.AllocationId}.escrow", TransferKind.Escrow, LedgerAccount.Cash(allocation.BuyerId),
            LedgerAccount.Escrow(allocation.AllocationId), SettlementAmounts.Charge(allocation.Quantity, allocation.PriceMicros), allocation.AllocationId);
    }

    /// <summary>
    /// Interval <paramref name="interval"/>: the token-equivalents delivered since <paramref name="deliveredBefore"/>
    /// (never past the allocation's quantity) are charged at its price; the fee goes to the exchange, the rest to the
    /// provider; <paramref name="charged"/> (those token-equivalents, by the interval that delivered them) decide the SLO credit.
    /// </summary>
    public static IReadOnlyList<Transfer> Interval(
        SettledAllocation allocation, int interval, long deliveredBefore, long deliveredNow, IReadOnlyList<HeldSlice> charged, SettlementTerms terms)
    {
        ArgumentNullException.ThrowIfNull(allocation);
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentOutOfRangeException.ThrowIfNegative(deliveredBefore);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(interval);
        var delivered = Math.Min(deliveredNow, allocation.Quantity) - Math.Min(deliveredBefore, allocation.Quantity);
        if (delivered <= 0)
        {
            return [];
        }

        return Charge(allocation, $"{allocation.AllocationId}.i{interval}", delivered, charged, terms);
    }

    /// <summary>
    /// Charges <paramref name="tokens"/> token-equivalents out of the escrow, as an interval or a dispute's award does
    /// (<paramref name="id"/> names the step): the fee to the exchange, the rest to the provider, and back to the buyer
    /// the SLO credit <paramref name="charged"/> (those token-equivalents, by the interval that delivered them) earned.
    /// </summary>
    internal static IReadOnlyList<Transfer> Charge(SettledAllocation allocation, string id, long tokens, IReadOnlyList<HeldSlice> charged, SettlementTerms terms)
    {
        var escrow = LedgerAccount.Escrow(allocation.AllocationId);
        var payable = LedgerAccount.Payable(allocation.ProviderId);
        var gross = SettlementAmounts.Charge(tokens, allocation.PriceMicros);
        var fee = SettlementAmounts.BasisPoints(gross, terms.FeeBps);
        var credit = HeldSlice.Credit(charged, allocation.PriceMicros);
        var transfers = new List<Transfer>(3);
        Add(transfers, new Transfer($"{id}.charge", TransferKind.Charge, escrow, payable, gross - fee, allocation.AllocationId));
        Add(transfers, new Transfer($"{id}.fee", TransferKind.Fee, escrow, LedgerAccount.Fees, fee, allocation.AllocationId));
        Add(transfers, new Transfer($"{id}.credit", TransferKind.SloCredit, payable, LedgerAccount.Cash(allocation.BuyerId), credit, allocation.AllocationId));
        return transfers;
    }

    /// <summary>The close: what was not delivered goes back to the buyer, which leaves the escrow at exactly zero.</summary>
    public static Transfer? Close(SettledAllocation allocation, long deliveredTotal)
    {
        ArgumentNullException.ThrowIfNull(allocation);
        var undelivered = allocation.Quantity - Math.Clamp(deliveredTotal, 0, allocation.Quantity);
        var refund = SettlementAmounts.Charge(undelivered, allocation.PriceMicros);
        return refund > 0
            ? new Transfer($"{allocation.AllocationId}.refund", TransferKind.Refund, LedgerAccount.Escrow(allocation.AllocationId),
                LedgerAccount.Cash(allocation.BuyerId), refund, allocation.AllocationId)
            : null;
    }

    private static void Add(List<Transfer> transfers, Transfer transfer)
    {
        if (transfer.Amount > 0)
        {
            transfers.Add(transfer);
        }
    }
}
