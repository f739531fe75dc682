namespace Exchange.Markets.Settlement;

/// <summary>A batch refused whole: the first offending reading (its index in the batch) and why.</summary>
public sealed record ReadingRefusal(int Index, RejectCode Code, string Detail);

/// <summary>The verdict on a batch: the readings to store, how many were already stored, or the refusal.</summary>
public sealed record ReadingVerdict(IReadOnlyList<MeterReading> Accepted, int Duplicates, ReadingRefusal? Refusal);

/// <summary>
/// The checks a signed batch of readings passes before anything of it is stored; a batch is taken or refused whole.
/// Counters are cumulative, so the readings of an allocation, ordered by sequence (stored ones and new ones together),
/// must never go down; a reading already stored under its sequence is a harmless duplicate when equal and a conflict
/// when not (content includes <c>at</c>, which the store must keep exactly: readers round it to PostgreSQL's
/// microseconds before they compare). Pure: the same stored readings, batch and clock give the same verdict.
/// </summary>
public static class ReadingBatch
{
    /// <summary>How far ahead of the exchange's clock a reading may be timed: the meters' and the exchange's clocks differ a little.</summary>
    public static readonly TimeSpan MaxAhead = TimeSpan.FromSeconds(5);

    /// <param name="clusterId">The cluster the batch was signed for.</param>
    /// <param name="batch">The readings, in the order the body lists them.</param>
    /// <param name="allocation">An allocation by id, or null when it does not exist.</param>
    /// <param name="stored">The readings already stored for an allocation, in any order.</param>
    /// <param name="now">When the batch arrived.</param>
    /// <param name="grace">How long after its period an allocation still takes readings (Settlement:GraceSeconds).</param>
    public static ReadingVerdict Check(
        string clusterId,
        IReadOnlyList<MeterReading> batch,
        Func<string, MeteredAllocation?> allocation,
        Func<string, IReadOnlyCollection<MeterReading>> stored,
        DateTimeOffset now,
        TimeSpan grace)
    {
        ArgumentNullException.ThrowIfNull(allocation);

        // Another cluster's allocation is as unknown as one that does not exist: metering it must reveal nothing.
        return Check(batch, id => allocation(id) is { } metered && metered.ClusterId == clusterId ? metered : null, stored, now, grace);
    }

    /// <summary>
    /// The same checks for counts whose sender <paramref name="allocation"/> already matched to each allocation (null
    /// for one that is not the sender's): a buyer's receipts follow the rules of its provider's readings.
    /// </summary>
    public static ReadingVerdict Check(
        IReadOnlyList<MeterReading> batch,
        Func<string, MeteredAllocation?> allocation,
        Func<string, IReadOnlyCollection<MeterReading>> stored,
        DateTimeOffset now,
        TimeSpan grace)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(allocation);
        ArgumentNullException.ThrowIfNull(stored);
        var accepted = new List<MeterReading>(batch.Count);
        var duplicates = 0;
        var timelines = new Dictionary<string, SortedList<long, MeterReading>>(StringComparer.Ordinal);
        for (var index = 0; index < batch.Count; index++)
        {
            var reading = batch[index];
            ReadingRefusal Refuse(RejectCode code, string detail) => new(index, code, detail);

            if (allocation(reading.AllocationId) is not { } metered)
            {
                return Refused(Refuse(RejectCode.UnknownAllocation, $"No allocation '{reading.AllocationId}' of yours."));
            }

            if (!reading.Counters.IsValid)
            {
                return Refused(Refuse(RejectCode.InvalidCounters, "Counters are never negative, and no more requests meet the SLO than were made."));
            }

            if (!timelines.TryGetValue(reading.AllocationId, out var timeline))
            {
                timeline = new SortedList<long, MeterReading>();
                foreach (var earlier in stored(reading.AllocationId))
                {
                    timeline[earlier.Sequence] = earlier;
                }

                timelines.Add(reading.AllocationId, timeline);
            }

            if (timeline.TryGetValue(reading.Sequence, out var same))
            {
                if (same != reading)
                {
                    return Refused(Refuse(RejectCode.ReadingConflict, $"Sequence {reading.Sequence} of '{reading.AllocationId}' is already stored with other counters."));
                }

                // Before the window check: a resend whose first answer was lost must learn that it was stored, even late.
                duplicates++;
                continue;
            }

            // A reading claims the tokens delivered by its time: one timed ahead of now claims tokens not delivered yet,
            // which settlement would pay for once its interval ends. Checked before the window, so the answer does not
            // depend on where in (or past) the period the future time falls.
            if (reading.At > now + MaxAhead)
            {
                return Refused(Refuse(RejectCode.ReadingInFuture, $"The reading is timed more than {MaxAhead.TotalSeconds:0} s after the exchange's clock ({now:O})."));
            }

            if (reading.At < metered.PeriodStart || reading.At > metered.PeriodEnd || now > metered.PeriodEnd + grace || metered.Closed)
            {
                return Refused(Refuse(RejectCode.DeliveryClosed, "The reading falls outside the allocation's delivery window, or the window or the allocation has closed."));
            }

            var position = Insert(timeline, reading);
            if (position > 0 && !reading.Counters.IsAtLeast(timeline.Values[position - 1].Counters)
                || position < timeline.Count - 1 && !timeline.Values[position + 1].Counters.IsAtLeast(reading.Counters))
            {
                return Refused(Refuse(RejectCode.CounterRegressed, $"A counter of '{reading.AllocationId}' is lower than at an earlier sequence."));
            }

            if (metered.Weights.Exact(reading.Counters) >= metered.Quantity + 1)
            {
                return Refused(Refuse(RejectCode.OverDelivery, $"More token-equivalents than the allocation's {metered.Quantity}."));
            }

            accepted.Add(reading);
        }

        return new ReadingVerdict(accepted, duplicates, null);
    }

    private static int Insert(SortedList<long, MeterReading> timeline, MeterReading reading)
    {
        timeline.Add(reading.Sequence, reading);
        return timeline.IndexOfKey(reading.Sequence);
    }

    private static ReadingVerdict Refused(ReadingRefusal refusal) => new([], 0, refusal);
}
