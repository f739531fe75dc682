using Exchange.Markets.Settlement;

namespace Exchange.Markets.Failover;

/// <summary>
/// The money of a failover, as pure functions of the allocations and the terms (docs/failover.md), each transfer with a
/// deterministic id. The remainder a failed cluster did not deliver leaves its allocation's escrow: into each
/// replacement's escrow at the buyer's price, the smaller of what it agreed and what the replacement costs; the rest back
/// to the buyer. The failed provider pays the cover (a replacement's price above the buyer's) into the replacement's
/// escrow, and a penalty to the buyer on the value it did not deliver; a cover its own parent carried goes back to
/// whoever paid it, since those tokens are now another's to replace.
/// </summary>
public static class FailoverSettlement
{
    /// <summary>At the failure: the failed provider pays the buyer <paramref name="penaltyBps"/> of the undelivered value.</summary>
    public static IReadOnlyList<Transfer> Penalty(SettledAllocation parent, long remainder, int penaltyBps)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentOutOfRangeException.ThrowIfNegative(remainder);
        var amount = SettlementAmounts.BasisPoints(SettlementAmounts.Charge(remainder, parent.PriceMicros), penaltyBps);
        return amount > 0
            ? [new Transfer($"{parent.AllocationId}.penalty", TransferKind.Penalty, LedgerAccount.Payable(parent.ProviderId),
                LedgerAccount.Cash(parent.BuyerId), amount, parent.AllocationId)]
            : [];
    }

    /// <summary>
    /// How a replacement settles: at its own price to its provider, the buyer paying the smaller of its parent's buyer
    /// price and that, and the parent's (failed) provider the rest.
    /// </summary>
    public static SettledAllocation Replacement(SettledAllocation parent, string allocationId, string providerId, long quantity, long priceMicros)
    {
        ArgumentNullException.ThrowIfNull(parent);
        var buyerPrice = Math.Min(parent.BuyerPriceMicros, priceMicros);
        return new SettledAllocation(allocationId, parent.BuyerId, providerId, quantity, priceMicros)
        {
            BuyerPriceMicros = buyerPrice,
            CoverPayerId = priceMicros > buyerPrice ? parent.ProviderId : null,
        };
    }

    /// <summary>
    /// Funds <paramref name="child"/> (made by <see cref="Replacement"/>) out of its parent's escrow for the same tokens,
    /// with the failed provider's cover, and gives the parent's escrow for them that the child does not need back.
    /// </summary>
    public static IReadOnlyList<Transfer> Fund(SettledAllocation parent, SettledAllocation child)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(child);
        var id = child.AllocationId;
        var escrow = LedgerAccount.Escrow(id);
        var buyers = SettlementAmounts.Charge(child.Quantity, child.BuyerPriceMicros);
        var cover = SettlementAmounts.Charge(child.Quantity, child.PriceMicros) - buyers;
        var parentBuyers = SettlementAmounts.Charge(child.Quantity, parent.BuyerPriceMicros);
        var transfers = new List<Transfer>(4);
        Add(transfers, new Transfer($"{id}.escrow", TransferKind.Escrow, LedgerAccount.Escrow(parent.AllocationId), escrow, buyers, id));
        if (child.CoverPayerId is { } payer)
        {
            Add(transfers, new Transfer($"{id}.cover", TransferKind.Cover, LedgerAccount.Payable(payer), escrow, cover, id));
        }

        // The parent's escrow held its own price for these tokens: what the buyer paid beyond the child's buyer price goes
        // back to the buyer, and a cover the parent carried to the provider that paid it.
        Add(transfers, new Transfer($"{id}.saving", TransferKind.Refund, LedgerAccount.Escrow(parent.AllocationId), LedgerAccount.Cash(parent.BuyerId),
            parentBuyers - buyers, parent.AllocationId));
        if (parent.CoverPayerId is { } parentPayer)
        {
            Add(transfers, new Transfer($"{id}.uncover", TransferKind.Cover, LedgerAccount.Escrow(parent.AllocationId), LedgerAccount.Payable(parentPayer),
                SettlementAmounts.Charge(child.Quantity, parent.PriceMicros) - parentBuyers, parent.AllocationId));
        }

        return transfers;
    }

    /// <summary>What found no replacement in time: the parent's escrow for <paramref name="tokens"/> goes back (to the buyer, and a cover to its payer).</summary>
    public static IReadOnlyList<Transfer> Release(SettledAllocation parent, long tokens) =>
        AllocationSettlement.GiveBack(parent, tokens, $"{parent?.AllocationId}.failover-refund", TransferKind.Refund);

    private static void Add(List<Transfer> transfers, Transfer transfer)
    {
        if (transfer.Amount > 0)
        {
            transfers.Add(transfer);
        }
    }
}
