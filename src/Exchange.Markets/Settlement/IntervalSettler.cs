namespace Exchange.Markets.Settlement;

/// <summary>
/// An allocation between two settlement steps: what it is, when it is delivered, how many intervals are settled and
/// the cumulative counters (and the reading they came from, 0 for none) that the last settled interval reached.
/// </summary>
public sealed record SettlingAllocation(
    SettledAllocation Allocation, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd, int SettledIntervals, long ReadingSequence, MeterCounters Counters)
{
    /// <summary>Token-equivalents charged so far: the metered count, or less where the buyer's receipts disputed it.</summary>
    public long Settled { get; init; }

    /// <summary>The buyer's receipt the last settled interval compared with (0: none yet).</summary>
    public long ReceiptSequence { get; init; }

    /// <summary>What that receipt counted, in token-equivalents (never past the quantity); null while the buyer has reported nothing.</summary>
    public long? Counted { get; init; }

    /// <summary>What was metered and not charged yet (metered − settled in all), oldest first, with the credit each interval earned.</summary>
    public IReadOnlyList<HeldSlice> Held { get; init; } = [];
}

/// <summary>
/// One settled interval: the reading and the buyer's receipt it settled through (0 when none was new), the
/// token-equivalents charged in it (never past the allocation's quantity), those metered but held back because the
/// receipts dispute them (cumulative, at the interval's end), its SLO credit, the transfers it makes (the refund too when it
/// is the last) and the allocation as it stands after it.
/// </summary>
public sealed record SettledInterval(
    int Interval, DateTimeOffset Start, DateTimeOffset End, long ReadingSequence, long ReceiptSequence, long Delivered, long Disputed, long Requests,
    long RequestsMeetingSlo, int CreditPercent, bool Closes, IReadOnlyList<Transfer> Transfers, SettlingAllocation After)
{
    /// <summary>What the interval charged the buyer: the provider's part and the fee.</summary>
    public decimal Charged => Sum(TransferKind.Charge) + Sum(TransferKind.Fee);

    public decimal Credited => Sum(TransferKind.SloCredit);

    public decimal Refunded => Sum(TransferKind.Refund);

    private decimal Sum(TransferKind kind) => Transfers.Where(t => t.Kind == kind).Sum(t => t.Amount);
}

/// <summary>
/// Settles an allocation's next interval from the newest reading (and buyer's receipt) that belongs to it, as a pure
/// function of the allocation, that reading and receipt, the model's weights, the terms and the schedule: a replay
/// given the same reading and receipt reproduces the same transfers.
/// </summary>
public static class IntervalSettler
{
    /// <summary>
    /// The reading (or receipt) an interval settles through: the highest sequence timed before the interval's
    /// end (the period's end, for the last interval, which settles after the grace window: readings are timed within the
    /// period, so the last interval takes every one that arrived). Counters are cumulative, so a reading
    /// that arrived after its interval was settled is counted by the next one.
    /// </summary>
    public static MeterReading? ReadingFor(IEnumerable<MeterReading> readings, DateTimeOffset cutoff)
    {
        ArgumentNullException.ThrowIfNull(readings);
        return readings.Where(r => r.At <= cutoff).MaxBy(r => r.Sequence);
    }

    /// <summary>The cut-off <see cref="ReadingFor"/> uses for an allocation's next interval.</summary>
    public static DateTimeOffset CutoffOfNext(SettlingAllocation allocation, DeliverySchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(allocation);
        ArgumentNullException.ThrowIfNull(schedule);
        return schedule.End(allocation.PeriodStart, allocation.PeriodEnd, allocation.SettledIntervals + 1);
    }

    /// <summary>
    /// Settles the next interval through <paramref name="reading"/> (null or not newer than what was settled: nothing
    /// new metered) and <paramref name="receipt"/>, the buyer's own count (null or not newer: the last one stands). What
    /// settles is the metered count, or the buyer's where it is lower beyond the tolerance (<see cref="DisputeTerms"/>);
    /// nothing charged is ever taken back. The last interval refunds what the meter says was not delivered and leaves
    /// what is disputed in escrow.
    /// </summary>
    public static SettledInterval Next(
        SettlingAllocation allocation, MeterReading? reading, MeterReading? receipt, TokenWeights weights, SettlementTerms terms, DeliverySchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(allocation);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(schedule);
        var count = schedule.IntervalCount(allocation.PeriodStart, allocation.PeriodEnd);
        var interval = allocation.SettledIntervals + 1;
        if (interval > count)
        {
            throw new InvalidOperationException($"Allocation {allocation.Allocation.AllocationId} has no interval left to settle.");
        }

        var fresh = reading is not null && reading.Sequence > allocation.ReadingSequence && reading.Counters.IsAtLeast(allocation.Counters);
        var counters = fresh ? reading!.Counters : allocation.Counters;
        var sequence = fresh ? reading!.Sequence : allocation.ReadingSequence;
        var quantity = allocation.Allocation.Deliverable;
        var metered = Math.Min(weights.Delivered(counters), quantity);
        var freshReceipt = receipt is not null && receipt.Sequence > allocation.ReceiptSequence;
        var counted = freshReceipt ? Math.Min(weights.Delivered(receipt!.Counters), quantity) : allocation.Counted;
        var settled = Math.Max(allocation.Settled, terms.Disputes.Settles(metered, counted));
        var usage = counters.Since(allocation.Counters);
        var percent = terms.CreditPercent(usage.Requests, usage.RequestsMeetingSlo);
        var before = Math.Min(weights.Delivered(allocation.Counters), quantity);
        IReadOnlyList<HeldSlice> held = metered > before ? [.. allocation.Held, new HeldSlice(metered - before, percent)] : allocation.Held;
        var (taken, left) = HeldSlice.Take(held, settled - allocation.Settled);
        var transfers = AllocationSettlement.Interval(allocation.Allocation, interval, allocation.Settled, settled, taken, terms).ToList();
        var closes = interval == count;
        if (closes)
        {
            transfers.AddRange(AllocationSettlement.Close(allocation.Allocation, metered));
        }

        var after = allocation with
        {
            SettledIntervals = interval, ReadingSequence = sequence, Counters = counters, Settled = settled,
            ReceiptSequence = freshReceipt ? receipt!.Sequence : allocation.ReceiptSequence, Counted = counted, Held = left,
        };
        return new SettledInterval(
            interval, schedule.Start(allocation.PeriodStart, interval), schedule.End(allocation.PeriodStart, allocation.PeriodEnd, interval), sequence,
            after.ReceiptSequence, settled - allocation.Settled, metered - settled, usage.Requests, usage.RequestsMeetingSlo, percent, closes, transfers,
            after);
    }
}
