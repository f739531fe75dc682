using Exchange.Markets.Settlement;

namespace Exchange.Markets.Tests.Settlement;

public sealed class AllocationSettlementTests
{
    // 4,000,000 token-equivalents at 0.42 USD per million: 1.68 USD.
    private static readonly SettledAllocation Allocation = new("chat-70b.20261128T1400.a7", "acme", "hainan-compute", 4_000_000, 420_000);

    private static MeterCounters Requests(long requests, long meetingSlo) => new(0, 0, 0, requests, meetingSlo, 0);

    [Fact]
    public void The_fill_moves_the_whole_price_from_the_buyers_cash_into_the_allocations_escrow()
    {
        var fund = AllocationSettlement.Fund(Allocation);

        Assert.Equal("chat-70b.20261128T1400.a7.escrow", fund.TransferId);
        Assert.Equal(LedgerAccount.Cash("acme"), fund.From);
        Assert.Equal(LedgerAccount.Escrow(Allocation.AllocationId), fund.To);
        Assert.Equal(1.68m, fund.Amount);
    }

    [Fact]
    public void An_interval_pays_the_delivered_part_to_the_provider_less_the_fee()
    {
        var transfers = AllocationSettlement.Interval(Allocation, 1, 0, 1_000_000, Slices(Allocation, 0, 1_000_000, Requests(100, 100)), SettlementTerms.Default);

        Assert.Collection(transfers,
            charge =>
            {
                Assert.Equal("chat-70b.20261128T1400.a7.i1.charge", charge.TransferId);
                Assert.Equal(LedgerAccount.Payable("hainan-compute"), charge.To);
                Assert.Equal(0.4179m, charge.Amount);
            },
            fee =>
            {
                Assert.Equal(LedgerAccount.Fees, fee.To);
                Assert.Equal(0.0021m, fee.Amount);
            });
    }

    [Theory]
    [InlineData(990, 0)]
    [InlineData(989, 10)]
    [InlineData(950, 10)]
    [InlineData(949, 25)]
    [InlineData(900, 25)]
    [InlineData(899, 50)]
    [InlineData(0, 50)]
    public void Missing_the_slo_credits_the_buyer_a_share_of_the_intervals_charge(long meetingSlo, int percent)
    {
        var transfers = AllocationSettlement.Interval(Allocation, 2, 1_000_000, 2_000_000, Slices(Allocation, 1_000_000, 2_000_000, Requests(1_000, meetingSlo)), SettlementTerms.Default);

        var credit = transfers.SingleOrDefault(t => t.Kind == TransferKind.SloCredit);
        Assert.Equal(0.42m * percent / 100m, credit?.Amount ?? 0m);
        if (credit is not null)
        {
            Assert.Equal(LedgerAccount.Payable("hainan-compute"), credit.From);
            Assert.Equal(LedgerAccount.Cash("acme"), credit.To);
        }
    }

    [Fact]
    public void An_interval_without_requests_credits_nothing()
    {
        var transfers = AllocationSettlement.Interval(Allocation, 1, 0, 1_000, Slices(Allocation, 0, 1_000, Requests(0, 0)), SettlementTerms.Default);

        Assert.DoesNotContain(transfers, t => t.Kind == TransferKind.SloCredit);
    }

    [Fact]
    public void Delivery_beyond_the_quantity_is_never_charged()
    {
        var transfers = AllocationSettlement.Interval(Allocation, 3, 3_500_000, 9_000_000, Slices(Allocation, 3_500_000, 9_000_000, Requests(1, 1)), SettlementTerms.Default);

        Assert.Equal(0.21m, transfers.Sum(t => t.Amount));
    }

    [Fact]
    public void An_interval_with_nothing_new_delivered_makes_no_transfer()
    {
        Assert.Empty(AllocationSettlement.Interval(Allocation, 4, 2_000_000, 2_000_000, Slices(Allocation, 2_000_000, 2_000_000, Requests(5, 0)), SettlementTerms.Default));
    }

    [Fact]
    public void A_fee_finer_than_twelve_decimals_is_rounded_down_and_the_rest_goes_to_the_provider()
    {
        // 1 token-equivalent at 0.000001 USD per million: 1e-12 USD, of which 50 bps is 5e-15.
        var tiny = new SettledAllocation("m.a1", "b", "p", 10, 1);

        var transfers = AllocationSettlement.Interval(tiny, 1, 0, 1, Slices(tiny, 0, 1, Requests(1, 1)), SettlementTerms.Default);

        var charge = Assert.Single(transfers);
        Assert.Equal(0.000000000001m, charge.Amount);
    }

    [Fact]
    public void The_close_refunds_the_undelivered_rest_to_the_buyer()
    {
        var refund = Assert.Single(AllocationSettlement.Close(Allocation, 2_500_000));

        Assert.Equal("chat-70b.20261128T1400.a7.refund", refund.TransferId);
        Assert.Equal(LedgerAccount.Cash("acme"), refund.To);
        Assert.Equal(0.63m, refund.Amount);
        Assert.Empty(AllocationSettlement.Close(Allocation, 4_000_000));
    }

    [Fact]
    public void Terms_whose_fee_and_largest_credit_exceed_the_charge_are_not_valid()
    {
        Assert.True(SettlementTerms.Default.IsValid);
        Assert.False(new SettlementTerms(5_001, [new(0.9m, 50)]).IsValid);
        Assert.False(new SettlementTerms(-1, []).IsValid);
    }

    [Fact]
    public void Token_equivalents_are_weighted_and_rounded_down()
    {
        var weights = new TokenWeights(1m, 0.25m, 4m);

        Assert.Equal(1_000 + 25 + 12, weights.Delivered(new MeterCounters(1_000, 101, 3, 0, 0, 0)));
    }

    // What an interval charges, as the settler hands it over: the token-equivalents it delivered, at its own credit percentage.
    private static HeldSlice[] Slices(SettledAllocation allocation, long before, long now, MeterCounters usage) =>
        [new(Math.Min(now, allocation.Quantity) - Math.Min(before, allocation.Quantity), SettlementTerms.Default.CreditPercent(usage.Requests, usage.RequestsMeetingSlo))];
}
