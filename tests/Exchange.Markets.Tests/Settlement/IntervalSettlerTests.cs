using Exchange.Markets.Settlement;

namespace Exchange.Markets.Tests.Settlement;

public sealed class IntervalSettlerTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    // An hour in 25-minute intervals: 9:00-9:25, 9:25-9:50, 9:50-10:00 (shorter); the last settles after 15 min of grace.
    private static readonly DeliverySchedule Schedule = new(IntervalSeconds: 1500, GraceSeconds: 900);

    private static readonly TokenWeights Weights = new(1m, 0.25m, 4m);

    // 10,000,000 token-equivalents at 0.40 USD per million: 4.00 USD.
    private static readonly SettlingAllocation Fresh = new(
        new SettledAllocation("chat-70b.20261207T0900.a3", "acme", "hn-compute", 10_000_000, 400_000), Start, Start.AddHours(1), 0, 0, MeterCounters.Zero);

    private static MeterReading Reading(long sequence, int minute, long input, long requests = 0, long met = 0) =>
        new(Fresh.Allocation.AllocationId, sequence, Start.AddMinutes(minute), new MeterCounters(input, 0, 0, requests, met, 0));

    [Fact]
    public void A_period_is_cut_into_intervals_from_its_start_the_last_one_shorter_and_due_only_after_the_grace_window()
    {
        var end = Start.AddHours(1);

        Assert.Equal(3, Schedule.IntervalCount(Start, end));
        Assert.Equal([Start, Start.AddMinutes(25), Start.AddMinutes(50)], [.. Enumerable.Range(1, 3).Select(n => Schedule.Start(Start, n))]);
        Assert.Equal([Start.AddMinutes(25), Start.AddMinutes(50), end], [.. Enumerable.Range(1, 3).Select(n => Schedule.End(Start, end, n))]);
        Assert.Equal([Start.AddMinutes(25), Start.AddMinutes(50), end.AddMinutes(15)], [.. Enumerable.Range(1, 3).Select(n => Schedule.DueAt(Start, end, n))]);
        Assert.Equal(1, new DeliverySchedule(7200, 0).IntervalCount(Start, end));
    }

    [Fact]
    public void An_interval_settles_through_the_highest_sequence_timed_before_its_end()
    {
        MeterReading[] readings = [Reading(1, 5, 100), Reading(2, 20, 200), Reading(3, 30, 300)];

        Assert.Equal(2, IntervalSettler.ReadingFor(readings, IntervalSettler.CutoffOfNext(Fresh, Schedule))!.Sequence);
        Assert.Null(IntervalSettler.ReadingFor(readings, Start.AddMinutes(4)));
    }

    [Fact]
    public void An_interval_charges_what_was_delivered_since_the_last_and_credits_a_missed_slo()
    {
        var first = IntervalSettler.Next(Fresh, Reading(1, 20, 2_000_000, requests: 100, met: 100), null, Weights, SettlementTerms.Default, Schedule);
        var second = IntervalSettler.Next(first.After, Reading(2, 45, 5_000_000, requests: 200, met: 180), null, Weights, SettlementTerms.Default, Schedule);

        Assert.Equal((1, 2_000_000L, 0.80m, 0m, false), (first.Interval, first.Delivered, first.Charged, first.Credited, first.Closes));
        Assert.Equal((2, 3_000_000L, 1.20m), (second.Interval, second.Delivered, second.Charged));
        Assert.Equal((100L, 80L, 50, 0.60m), (second.Requests, second.RequestsMeetingSlo, second.CreditPercent, second.Credited));
        Assert.Equal((2, 2L), (second.After.SettledIntervals, second.After.ReadingSequence));
    }

    [Fact]
    public void An_interval_without_a_new_reading_delivers_nothing_and_moves_no_money()
    {
        var first = IntervalSettler.Next(Fresh, Reading(1, 20, 2_000_000), null, Weights, SettlementTerms.Default, Schedule);

        var same = IntervalSettler.Next(first.After, Reading(1, 20, 2_000_000), null, Weights, SettlementTerms.Default, Schedule);
        var none = IntervalSettler.Next(first.After, null, null, Weights, SettlementTerms.Default, Schedule);

        Assert.All([same, none], step =>
        {
            Assert.Equal(0, step.Delivered);
            Assert.Empty(step.Transfers);
            Assert.Equal(1, step.After.ReadingSequence);
        });
    }

    [Fact]
    public void The_last_interval_closes_the_allocation_refunding_the_rest_so_the_escrow_is_exactly_emptied()
    {
        var state = Fresh;
        var transfers = new List<Transfer> { AllocationSettlement.Fund(Fresh.Allocation) };
        foreach (var reading in new[] { Reading(1, 10, 1_234_567), Reading(2, 49, 3_333_333), Reading(3, 59, 7_654_321) })
        {
            var step = IntervalSettler.Next(state, reading, null, Weights, SettlementTerms.Default, Schedule);
            transfers.AddRange(step.Transfers);
            state = step.After;
        }

        var escrow = LedgerAccount.Escrow(Fresh.Allocation.AllocationId);
        Assert.Equal(3, state.SettledIntervals);
        Assert.Equal(0.9382716m, transfers.Single(t => t.Kind == TransferKind.Refund).Amount);
        Assert.Equal(0m, transfers.Where(t => t.To == escrow).Sum(t => t.Amount) - transfers.Where(t => t.From == escrow).Sum(t => t.Amount));
        Assert.Throws<InvalidOperationException>(() => IntervalSettler.Next(state, null, null, Weights, SettlementTerms.Default, Schedule));
    }
}
