using CsCheck;
using Exchange.Markets.Failover;
using Exchange.Markets.Settlement;

namespace Exchange.Markets.Tests.Failover;

/// <summary>The money of a failover (docs/failover.md) against the ledger's invariants.</summary>
public sealed class FailoverSettlementTests
{
    private static readonly SettledAllocation Parent = new("m.a1", "acme", "hn-compute", 10_000_000, 400_000);

    private static LedgerBook Funded(SettledAllocation parent)
    {
        // A failed provider's payable may go below zero (it then owes the exchange); an escrow never may.
        var book = new LedgerBook(a => a.Kind is AccountKind.Escrow or AccountKind.Fees ? 0m : null);
        Assert.Equal(TransferOutcome.Applied, book.Post(AllocationSettlement.Fund(parent)));
        return book;
    }

    [Fact]
    public void A_dearer_replacement_costs_the_buyer_its_old_price_and_the_failed_provider_the_difference()
    {
        var child = FailoverSettlement.Replacement(Parent, "m.a9", "gd-compute", 4_000_000, 550_000);

        var transfers = FailoverSettlement.Fund(Parent, child);

        Assert.Equal((400_000L, "hn-compute"), (child.BuyerPriceMicros, child.CoverPayerId));
        Assert.Equal(
            [("m.a9.escrow", TransferKind.Escrow, "m.a1:escrow", "m.a9:escrow", 1.6m), ("m.a9.cover", TransferKind.Cover, "hn-compute:payable", "m.a9:escrow", 0.6m)],
            transfers.Select(t => (t.TransferId, t.Kind, t.From.ToString(), t.To.ToString(), t.Amount)));
    }

    [Fact]
    public void A_cheaper_replacement_costs_the_buyer_its_price_and_the_difference_goes_back_to_the_buyer()
    {
        var child = FailoverSettlement.Replacement(Parent, "m.a9", "gd-compute", 4_000_000, 300_000);

        var transfers = FailoverSettlement.Fund(Parent, child);

        Assert.Equal((300_000L, (string?)null), (child.BuyerPriceMicros, child.CoverPayerId));
        Assert.Equal(
            [("m.a9.escrow", "m.a1:escrow", "m.a9:escrow", 1.2m), ("m.a9.saving", "m.a1:escrow", "acme:cash", 0.4m)],
            transfers.Select(t => (t.TransferId, t.From.ToString(), t.To.ToString(), t.Amount)));
    }

    [Fact]
    public void The_penalty_is_the_basis_points_of_the_undelivered_value_from_the_failed_provider_to_the_buyer()
    {
        var penalty = Assert.Single(FailoverSettlement.Penalty(Parent, 6_000_000, 1_000));

        Assert.Equal(("m.a1.penalty", TransferKind.Penalty, "hn-compute:payable", "acme:cash", 0.24m),
            (penalty.TransferId, penalty.Kind, penalty.From.ToString(), penalty.To.ToString(), penalty.Amount));
    }

    [Fact]
    public void A_replacement_that_delivers_part_gives_the_cover_of_the_rest_back_to_its_payer_at_close()
    {
        var child = FailoverSettlement.Replacement(Parent, "m.a9", "gd-compute", 4_000_000, 550_000);

        var close = AllocationSettlement.Close(child, 1_000_000);

        Assert.Equal([("m.a9.refund", "acme:cash", 1.2m), ("m.a9.refund.cover", "hn-compute:payable", 0.45m)],
            close.Select(t => (t.TransferId, t.To.ToString(), t.Amount)));
    }

    private sealed record Case(long Quantity, long Delivered, long PriceMicros, long[] Children, long[] ChildPrices, long[] ChildDelivered, int PenaltyBps);

    private static readonly Gen<Case> Cases =
        from quantity in Gen.Long[1_000, 50_000_000_000]
        from deliveredShare in Gen.Double[0, 1]
        from price in Gen.Long[1, 5_000_000]
        from count in Gen.Int[0, 4]
        from shares in Gen.Double[0, 1].Array[count]
        from prices in Gen.Long[1, 9_000_000].Array[count]
        from childDelivered in Gen.Double[0, 1].Array[count]
        from penalty in Gen.Int[0, 10_000]
        select Build(quantity, (long)(quantity * deliveredShare), price, shares, prices, childDelivered, penalty);

    private static Case Build(long quantity, long delivered, long price, double[] shares, long[] prices, double[] childDelivered, int penalty)
    {
        var remainder = quantity - delivered;
        var children = new long[shares.Length];
        var left = remainder;
        for (var i = 0; i < shares.Length; i++)
        {
            children[i] = (long)(left * shares[i]);
            left -= children[i];
        }

        return new Case(quantity, delivered, price, children, prices, [.. childDelivered.Select((d, i) => (long)(children[i] * d))], penalty);
    }

    [Fact]
    public void Money_is_neither_made_nor_lost_every_escrow_ends_at_zero_and_the_buyer_never_pays_more_than_it_agreed()
    {
        Cases.Sample(c =>
        {
            var remainder = c.Quantity - c.Delivered;
            var parent = Parent with { Quantity = c.Quantity, PriceMicros = c.PriceMicros, BuyerPriceMicros = c.PriceMicros };
            var book = Funded(parent);
            var post = (IEnumerable<Transfer> transfers) =>
            {
                foreach (var transfer in transfers)
                {
                    Assert.Equal(TransferOutcome.Applied, book.Post(transfer));
                }
            };

            post(FailoverSettlement.Penalty(parent, remainder, c.PenaltyBps));
            var reallocated = parent with { Reallocated = remainder };
            var paidForReplacements = 0m;
            for (var i = 0; i < c.Children.Length; i++)
            {
                if (c.Children[i] == 0)
                {
                    continue;
                }

                var child = FailoverSettlement.Replacement(reallocated, $"m.c{i}", $"p{i}", c.Children[i], c.ChildPrices[i]);
                post(FailoverSettlement.Fund(reallocated, child));
                post(AllocationSettlement.Interval(child, 1, 0, c.ChildDelivered[i], [], SettlementTerms.Default with { SloTiers = [] }));
                post(AllocationSettlement.Close(child, c.ChildDelivered[i]));
                Assert.Equal(0m, book.Balance(LedgerAccount.Escrow(child.AllocationId)));
                paidForReplacements += SettlementAmounts.Charge(c.ChildDelivered[i], child.BuyerPriceMicros);
            }

            post(FailoverSettlement.Release(reallocated, remainder - c.Children.Sum()));
            post(AllocationSettlement.Interval(reallocated, 1, 0, c.Delivered, [], SettlementTerms.Default with { SloTiers = [] }));
            post(AllocationSettlement.Close(reallocated, c.Delivered));

            Assert.Equal(0m, book.Balances.Values.Sum());
            Assert.Equal(0m, book.Balance(LedgerAccount.Escrow(parent.AllocationId)));
            var penalty = FailoverSettlement.Penalty(parent, remainder, c.PenaltyBps).Sum(t => t.Amount);
            // The buyer paid for what its parent delivered at its price, and for each replacement's delivery at the lower price.
            Assert.Equal(SettlementAmounts.Charge(c.Delivered, c.PriceMicros) + paidForReplacements - penalty, -book.Balance(LedgerAccount.Cash("acme")));
            Assert.True(paidForReplacements <= SettlementAmounts.Charge(c.Children.Sum(), c.PriceMicros));
        });
    }
}
