namespace Exchange.Markets.Settlement;

/// <summary>What settlement needs of an allocation: who pays whom, for how many token-equivalents, at what price.</summary>
public sealed record SettledAllocation(string AllocationId, string BuyerId, string ProviderId, long Quantity, long PriceMicros)
{
    /// <summary>
    /// What the buyer pays per million: the price, unless the allocation replaces a failed one's tokens for less than it
    /// costs (docs/failover.md); the difference, the cover, was paid into its escrow by <see cref="CoverPayerId"/>.
    /// </summary>
    public long BuyerPriceMicros { get; init; } = PriceMicros;

    /// <summary>The provider whose failure this allocation covers, when it paid a cover into its escrow.</summary>
    public string? CoverPayerId { get; init; }

    /// <summary>Token-equivalents its failed cluster did not deliver, moved out of its escrow by failover.</summary>
    public long Reallocated { get; init; }

    /// <summary>What can still be delivered and charged: the quantity less what failover moved away.</summary>
    public long Deliverable => Quantity - Reallocated;
}

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
        var delivered = Math.Min(deliveredNow, allocation.Deliverable) - Math.Min(deliveredBefore, allocation.Deliverable);
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

    /// <summary>
    /// The close: what was not delivered (of what failover left it) goes back to the buyer, and a cover paid for it back to
    /// its payer, which leaves the escrow at exactly zero.
    /// </summary>
    public static IReadOnlyList<Transfer> Close(SettledAllocation allocation, long deliveredTotal)
    {
        ArgumentNullException.ThrowIfNull(allocation);
        var undelivered = allocation.Deliverable - Math.Clamp(deliveredTotal, 0, allocation.Deliverable);
        return GiveBack(allocation, undelivered, $"{allocation.AllocationId}.refund", TransferKind.Refund);
    }

    /// <summary>
    /// Returns the escrow of <paramref name="tokens"/> undelivered token-equivalents: the buyer's part to its cash as
    /// <paramref name="kind"/> (id <paramref name="id"/>), the cover's part to the provider that paid it (id <c>id.cover</c>).
    /// </summary>
    public static IReadOnlyList<Transfer> GiveBack(SettledAllocation allocation, long tokens, string id, TransferKind kind)
    {
        ArgumentNullException.ThrowIfNull(allocation);
        ArgumentOutOfRangeException.ThrowIfNegative(tokens);
        var escrow = LedgerAccount.Escrow(allocation.AllocationId);
        var whole = SettlementAmounts.Charge(tokens, allocation.PriceMicros);
        var buyers = SettlementAmounts.Charge(tokens, allocation.BuyerPriceMicros);
        var transfers = new List<Transfer>(2);
        Add(transfers, new Transfer(id, kind, escrow, LedgerAccount.Cash(allocation.BuyerId), buyers, allocation.AllocationId));
        if (allocation.CoverPayerId is { } payer)
        {
            Add(transfers, new Transfer($"{id}.cover", TransferKind.Cover, escrow, LedgerAccount.Payable(payer), whole - buyers, allocation.AllocationId));
        }

        return transfers;
    }

    private static void Add(List<Transfer> transfers, Transfer transfer)
    {
        if (transfer.Amount > 0)
        {
            transfers.Add(transfer);
        }
    }
}
