using CsCheck;
using Exchange.Markets.Settlement;

namespace Exchange.Markets.Tests.Settlement;

/// <summary>Buyers' receipts against the meter: what settles, what is held, and how a dispute ends.</summary>
public sealed class DisputeTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    // Half an hour in three 10-minute intervals.
    private static readonly DeliverySchedule Schedule = new(IntervalSeconds: 600, GraceSeconds: 300);

    private static readonly TokenWeights Weights = new(1m, 1m, 1m);

    // 10,000,000 token-equivalents at 0.40 USD per million: 4.00 USD.
    private static readonly SettlingAllocation Fresh = new(
        new SettledAllocation("chat-70b.20261207T0900.a3", "acme", "hn-compute", 10_000_000, 400_000), Start, Start.AddMinutes(30), 0, 0, MeterCounters.Zero);

    private static MeterReading Count(long sequence, int minute, long tokens) =>
        new(Fresh.Allocation.AllocationId, sequence, Start.AddMinutes(minute), new MeterCounters(tokens, 0, 0, 0, 0, 0));

    private static SettledInterval Next(SettlingAllocation state, MeterReading? reading, MeterReading? receipt) =>
        IntervalSettler.Next(state, reading, receipt, Weights, SettlementTerms.Default, Schedule);

    [Theory]
    [InlineData(2_000_000L, null, 2_000_000L)] // no receipt: the meter settles
    [InlineData(2_000_000L, 1_990_000L, 2_000_000L)] // 10,000 apart: within the 10,000 floor
    [InlineData(2_000_000L, 1_989_999L, 1_989_999L)] // 10,001 apart: the lower count settles
    [InlineData(10_000_000L, 9_950_000L, 10_000_000L)] // 0.5 % apart at 10 M: within
    [InlineData(10_000_000L, 9_949_999L, 9_949_999L)] // just beyond 0.5 %
    [InlineData(2_000_000L, 2_500_000L, 2_000_000L)] // the buyer counted more: a provider is never paid beyond its own count
    public void The_lower_count_settles_only_beyond_the_larger_of_half_a_percent_and_ten_thousand(long metered, long? counted, long settles) =>
        Assert.Equal(settles, DisputeTerms.Default.Settles(metered, counted));

    [Fact]
    public void A_receipt_far_below_the_meter_holds_the_difference_until_a_later_receipt_catches_up()
    {
        var first = Next(Fresh, Count(1, 9, 2_000_000), Count(1, 9, 1_500_000));
        var second = Next(first.After, Count(2, 19, 4_000_000), Count(2, 19, 4_000_000));

        Assert.Equal((1_500_000L, 500_000L, 0.60m), (first.Delivered, first.Disputed, first.Charged));
        Assert.Equal((2_500_000L, 0L, 1.00m), (second.Delivered, second.Disputed, second.Charged));
        Assert.Equal((4_000_000L, 2L, (long?)4_000_000), (second.After.Settled, second.After.ReceiptSequence, second.After.Counted));
    }

    [Fact]
    public void A_receipt_never_takes_back_what_an_earlier_interval_charged()
    {
        var first = Next(Fresh, Count(1, 9, 3_000_000), null);
        var second = Next(first.After, Count(2, 19, 5_000_000), Count(1, 19, 1_000_000));

        Assert.Equal(3_000_000L, first.Delivered);
        Assert.Equal((0L, 2_000_000L), (second.Delivered, second.Disputed));
        Assert.Empty(second.Transfers);
    }

    [Fact]
    public void Without_a_new_receipt_an_interval_compares_with_the_last_one()
    {
        var first = Next(Fresh, Count(1, 9, 1_000_000), Count(1, 9, 1_000_000));
        var second = Next(first.After, Count(2, 19, 3_000_000), null);

        Assert.Equal((0L, 2_000_000L), (second.Delivered, second.Disputed));
    }

    [Fact]
    public void A_close_with_a_dispute_refunds_only_the_undelivered_and_keeps_the_disputed_part_in_escrow()
    {
        var state = Fresh;
        var transfers = new List<Transfer> { AllocationSettlement.Fund(Fresh.Allocation) };
        SettledInterval? step = null;
        foreach (var (reading, receipt) in new[] { (Count(1, 9, 2_000_000), Count(1, 9, 2_000_000)), (Count(2, 19, 5_000_000), Count(2, 19, 3_000_000)),
            (Count(3, 29, 6_000_000), Count(3, 29, 3_000_000)) })
        {
            step = Next(state, reading, receipt);
            transfers.AddRange(step.Transfers);
            state = step.After;
        }

        var escrow = LedgerAccount.Escrow(Fresh.Allocation.AllocationId);
        Assert.True(step!.Closes);
        Assert.Equal(3_000_000L, step.Disputed);
        Assert.Equal(1.60m, transfers.Single(t => t.Kind == TransferKind.Refund).Amount); // 4,000,000 never delivered
        Assert.Equal(1.20m, Held(transfers, escrow)); // 3,000,000 disputed
    }

    [Fact]
    public void An_operators_award_is_charged_and_the_rest_refunded_leaving_the_escrow_at_zero()
    {
        var ending = DisputeSettlement.End(Fresh.Allocation, [new(3_000_000, 0)], 1_000_000, SettlementTerms.Default);

        Assert.Equal(["chat-70b.20261207T0900.a3.dispute.charge", "chat-70b.20261207T0900.a3.dispute.fee", "chat-70b.20261207T0900.a3.dispute.refund"],
            [.. ending.Select(t => t.TransferId)]);
        Assert.Equal((0.398m, 0.002m, 0.80m), (ending[0].Amount, ending[1].Amount, ending[2].Amount));
        Assert.Equal(TransferKind.Dispute, ending[2].Kind);
        Assert.Equal(1.20m, ending.Sum(t => t.Amount));
        Assert.Single(DisputeSettlement.End(Fresh.Allocation, [new(3_000_000, 0)], 0, SettlementTerms.Default)); // expired: all back to the buyer
        Assert.Throws<ArgumentOutOfRangeException>(() => DisputeSettlement.End(Fresh.Allocation, [new(3_000_000, 0)], 3_000_001, SettlementTerms.Default));
    }

    [Fact]
    public void Whatever_the_receipts_say_money_is_kept_and_the_escrow_ends_at_zero_once_the_dispute_ends()
    {
        var gen =
            from meter in Gen.Long[0, 4_000_000].Array[3]
            from receipt in Gen.Long[0, 4_000_000].Array[3]
            from award in Gen.Double[0, 1]
            select (meter, receipt, award);
        gen.Sample(life =>
        {
            var state = Fresh;
            var transfers = new List<Transfer> { AllocationSettlement.Fund(Fresh.Allocation) };
            long meter = 0, counted = 0;
            SettledInterval? step = null;
            for (var i = 0; i < 3; i++)
            {
                meter += life.meter[i];
                counted += life.receipt[i];
                step = Next(state, Count(i + 1, (10 * i) + 9, meter), Count(i + 1, (10 * i) + 9, counted));
                Assert.InRange(step.After.Settled, state.Settled, Math.Min(meter, Fresh.Allocation.Quantity));
                transfers.AddRange(step.Transfers);
                state = step.After;
            }

            transfers.AddRange(DisputeSettlement.End(Fresh.Allocation, step!.After.Held, (long)(step.Disputed * life.award), SettlementTerms.Default));
            var book = new LedgerBook(LedgerBook.Floors(_ => decimal.MaxValue / 4));
            Assert.All(transfers, t => Assert.Equal(TransferOutcome.Applied, book.Post(t)));
            Assert.Equal(0m, book.Balance(LedgerAccount.Escrow(Fresh.Allocation.AllocationId)));
            Assert.Equal(0m, book.Balances.Values.Sum());
            Assert.Equal(transfers.Count, transfers.Select(t => t.TransferId).Distinct().Count());
        }, iter: 1_000);
    }

    [Fact]
    public void Tokens_held_back_by_receipts_keep_the_credit_of_the_interval_that_delivered_them()
    {
        // Interval 1 serves 2 M on time, but the buyer's receipt says 0; interval 2 misses its SLO (80 %: 50 % back) and
        // the buyer's receipt catches up with everything. Only interval 2's own 1 M earns the 50 % credit.
        var first = IntervalSettler.Next(Fresh, Count(1, 9, 2_000_000) with { Counters = new(2_000_000, 0, 0, 100, 100, 0) }, Count(1, 9, 0), Weights,
            SettlementTerms.Default, Schedule);
        var second = IntervalSettler.Next(first.After, Count(2, 19, 3_000_000) with { Counters = new(3_000_000, 0, 0, 200, 180, 0) }, Count(2, 19, 3_000_000),
            Weights, SettlementTerms.Default, Schedule);

        Assert.Equal((0L, 2_000_000L), (first.Delivered, first.Disputed));
        Assert.Equal((3_000_000L, 50), (second.Delivered, second.CreditPercent));
        Assert.Equal(0.20m, second.Credited); // 50 % of 1 M at 0.40, not of 3 M
        Assert.Empty(second.After.Held);
    }

    [Fact]
    public void An_award_is_credited_as_the_intervals_that_delivered_it_earned()
    {
        var ending = DisputeSettlement.End(Fresh.Allocation, [new(1_000_000, 50), new(2_000_000, 0)], 1_500_000, SettlementTerms.Default);

        Assert.Equal(0.20m, ending.Single(t => t.Kind == TransferKind.SloCredit).Amount); // 50 % of the oldest 1 M; the next 0.5 M earned nothing
        Assert.Equal(0.60m, ending.Single(t => t.Kind == TransferKind.Dispute).Amount);
    }

    private static decimal Held(IEnumerable<Transfer> transfers, LedgerAccount account) =>
        transfers.Where(t => t.To == account).Sum(t => t.Amount) - transfers.Where(t => t.From == account).Sum(t => t.Amount);
}
