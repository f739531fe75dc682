using Exchange.Markets.Settlement;

namespace Exchange.Markets.Tests.Settlement;

public sealed class ReadingBatchTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 14, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(15);

    private static readonly MeteredAllocation A1 = new("m.a1", "hn-01", 1_000_000, Start, Start.AddHours(1), new TokenWeights(1m, 0.5m, 2m));
    private static readonly MeteredAllocation A2 = new("m.a2", "hn-01", 1_000_000, Start, Start.AddHours(1), new TokenWeights(1m, 0.5m, 2m));
    private static readonly MeteredAllocation Elsewhere = new("m.a3", "gd-02", 1_000_000, Start, Start.AddHours(1), new TokenWeights(1m, 0.5m, 2m));

    private static MeterReading Reading(string allocationId, long sequence, long input, int minute = 10, long requests = 10) =>
        new(allocationId, sequence, Start.AddMinutes(minute), new MeterCounters(input, 0, input / 10, requests, requests, 0));

    private static ReadingVerdict Check(IReadOnlyList<MeterReading> batch, IReadOnlyList<MeterReading>? stored = null, DateTimeOffset? now = null) =>
        ReadingBatch.Check("hn-01", batch,
            id => new[] { A1, A2, Elsewhere }.FirstOrDefault(a => a.AllocationId == id),
            id => [.. (stored ?? []).Where(r => r.AllocationId == id)],
            now ?? Start.AddMinutes(30), Grace);

    [Fact]
    public void Readings_of_the_clusters_own_allocations_in_order_are_accepted()
    {
        var verdict = Check([Reading("m.a1", 1, 100), Reading("m.a2", 1, 50), Reading("m.a1", 2, 200)]);

        Assert.Null(verdict.Refusal);
        Assert.Equal(3, verdict.Accepted.Count);
        Assert.Equal(0, verdict.Duplicates);
    }

    [Fact]
    public void A_reading_resent_as_it_was_is_a_duplicate_and_stores_nothing_new()
    {
        var verdict = Check([Reading("m.a1", 1, 100), Reading("m.a1", 2, 200)], stored: [Reading("m.a1", 1, 100)]);

        Assert.Null(verdict.Refusal);
        Assert.Equal(1, verdict.Duplicates);
        Assert.Equal(2, Assert.Single(verdict.Accepted).Sequence);
    }

    [Fact]
    public void A_sequence_stored_with_other_counters_refuses_the_batch_as_a_conflict()
    {
        var verdict = Check([Reading("m.a1", 2, 300), Reading("m.a1", 1, 101)], stored: [Reading("m.a1", 1, 100)]);

        Assert.Equal(new ReadingRefusal(1, RejectCode.ReadingConflict, verdict.Refusal!.Detail), verdict.Refusal);
        Assert.Empty(verdict.Accepted);
    }

    [Fact]
    public void A_counter_lower_than_at_an_earlier_sequence_refuses_the_batch()
    {
        var verdict = Check([Reading("m.a1", 3, 150)], stored: [Reading("m.a1", 2, 200)]);

        Assert.Equal(RejectCode.CounterRegressed, verdict.Refusal!.Code);
        Assert.Equal(0, verdict.Refusal.Index);
    }

    [Fact]
    public void A_late_reading_that_fits_between_two_stored_ones_is_accepted_and_one_that_does_not_is_refused()
    {
        IReadOnlyList<MeterReading> stored = [Reading("m.a1", 1, 100), Reading("m.a1", 3, 300)];

        Assert.Null(Check([Reading("m.a1", 2, 200)], stored).Refusal);
        Assert.Equal(RejectCode.CounterRegressed, Check([Reading("m.a1", 2, 301)], stored).Refusal!.Code);
    }

    [Fact]
    public void A_reading_timed_after_the_exchanges_clock_is_refused_since_those_tokens_are_not_delivered_yet()
    {
        var now = Start.AddMinutes(30);

        Assert.Null(Check([Reading("m.a1", 1, 100, minute: 30)], now: now.AddSeconds(-5)).Refusal);
        var refusal = Check([Reading("m.a1", 1, 100), Reading("m.a1", 2, 200, minute: 31)], now: now).Refusal;

        Assert.NotNull(refusal);
        Assert.Equal(("reading-in-future", 1), (refusal.Code.WireName(), refusal.Index));
    }

    [Fact]
    public void Another_clusters_allocation_is_as_unknown_as_one_that_does_not_exist()
    {
        Assert.Equal(RejectCode.UnknownAllocation, Check([Reading("m.a1", 1, 1), Reading("m.a3", 1, 1)]).Refusal!.Code);
        Assert.Equal(RejectCode.UnknownAllocation, Check([Reading("m.nope", 1, 1)]).Refusal!.Code);
    }

    [Fact]
    public void A_reading_outside_the_period_or_after_the_grace_window_is_refused()
    {
        Assert.Equal(RejectCode.DeliveryClosed, Check([Reading("m.a1", 1, 1, minute: 61)], now: Start.AddMinutes(62)).Refusal!.Code);
        Assert.Equal(RejectCode.DeliveryClosed, Check([Reading("m.a1", 1, 1, minute: -1)]).Refusal!.Code);
        Assert.Equal(RejectCode.DeliveryClosed, Check([Reading("m.a1", 1, 1, minute: 59)], now: Start.AddMinutes(76)).Refusal!.Code);
        Assert.Null(Check([Reading("m.a1", 1, 1, minute: 59)], now: Start.AddMinutes(75)).Refusal);
    }

    [Fact]
    public void Counters_worth_more_token_equivalents_than_the_allocation_are_refused()
    {
        // 900,000 input + 2 × 90,000 output = 1,080,000 token-equivalents.
        Assert.Equal(RejectCode.OverDelivery, Check([Reading("m.a1", 1, 900_000)]).Refusal!.Code);
        Assert.Null(Check([Reading("m.a1", 1, 800_000)]).Refusal);
    }

    [Fact]
    public void Negative_counters_or_more_requests_meeting_the_slo_than_were_made_are_refused()
    {
        var negative = Reading("m.a1", 1, 100) with { Counters = new MeterCounters(-5, 0, 0, 1, 1, 0) };
        var impossible = Reading("m.a1", 1, 100) with { Counters = new MeterCounters(100, 0, 0, 10, 11, 0) };

        Assert.Equal(RejectCode.InvalidCounters, Check([negative]).Refusal!.Code);
        Assert.Equal(RejectCode.InvalidCounters, Check([impossible]).Refusal!.Code);
    }

    [Fact]
    public void A_resend_after_the_window_closed_still_learns_that_its_readings_were_stored()
    {
        var stored = Reading("m.a1", 1, 100, minute: 59);

        var verdict = Check([stored], stored: [stored], now: Start.AddHours(3));

        Assert.Null(verdict.Refusal);
        Assert.Equal(1, verdict.Duplicates);
        Assert.Equal(RejectCode.DeliveryClosed, Check([Reading("m.a1", 2, 200, minute: 59)], stored: [stored], now: Start.AddHours(3)).Refusal!.Code);
    }

    [Fact]
    public void Counters_too_large_for_any_allocation_are_over_delivery_not_a_failure()
    {
        var huge = Reading("m.a1", 1, 0) with { Counters = new MeterCounters(long.MaxValue, long.MaxValue, long.MaxValue, 1, 1, 0) };

        Assert.Equal(RejectCode.OverDelivery, Check([huge]).Refusal!.Code);
    }

    [Fact]
    public void The_refusal_names_the_first_offending_reading_and_nothing_of_the_batch_is_accepted()
    {
        var verdict = Check([Reading("m.a1", 1, 100), Reading("m.a2", 1, 100), Reading("m.a2", 2, 50)]);

        Assert.Equal(2, verdict.Refusal!.Index);
        Assert.Empty(verdict.Accepted);
    }
}
