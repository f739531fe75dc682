namespace Exchange.Silo.Tests.Settlement;

/// <summary>
/// What the model expects of one allocation: token-equivalents charged in each interval, the SLO credit of each, what is
/// disputed at close, and the disputed token-equivalents, oldest first, with the credit percentage each earned.
/// </summary>
public sealed record ExpectedDelivery(
    long Metered, long? Counted, IReadOnlyList<long> Charged, IReadOnlyList<decimal> Credits, long Disputed, IReadOnlyList<(long Tokens, int Percent)> Held)
{
    /// <summary>The credit of an award of <paramref name="awarded"/> token-equivalents: the oldest held first, each at its own percentage.</summary>
    public decimal AwardCredit(long awarded, long priceMicros) => DeliveryModel.Credit(DeliveryModel.Take(Held.ToList(), awarded), priceMicros);
}

/// <summary>
/// The contract's settlement rules, written again from API.md for the simulation, apart from the exchange's code: each
/// interval settles through the newest reading (and receipt) timed by its end among those sent before it was due;
/// the meter's count settles unless the buyer's is below it by more than max(0.5 %, 10,000), then the buyer's, and
/// nothing charged is taken back; below 99 / 95 / 90 % of requests on time, 10 / 25 / 50 % of the charge back, for
/// tokens held back and charged later too, at the percentage of the interval that delivered them (oldest first).
/// </summary>
public static class DeliveryModel
{
    /// <summary>Seconds into the period each interval ends, and when it is due (the last after 3 s of grace).</summary>
    private static readonly (int End, int Due)[] Intervals = [(20, 20), (40, 40), (60, 63)];

    /// <summary>Seconds into the period the first interval due after <paramref name="second"/> is due.</summary>
    public static int DueAfter(int second) => Intervals.First(i => i.Due > second).Due;

    public static ExpectedDelivery Expect(SimulatedAllocation allocation, IReadOnlyList<Sending> plan)
    {
        ArgumentNullException.ThrowIfNull(allocation);
        ArgumentNullException.ThrowIfNull(plan);
        long settled = 0, metered = 0, requests = 0, met = 0;
        long? counted = null;
        var charged = new List<long>();
        var credits = new List<decimal>();
        var held = new List<(long Tokens, int Percent)>();
        foreach (var (end, due) in Intervals)
        {
            var sent = plan.Where(s => s.Second < due).ToList();
            var reading = Newest(sent.SelectMany(s => s.Readings), allocation.Id, end);
            var receipt = Newest(sent.SelectMany(s => s.Receipts), allocation.Id, end);
            var (requestsNow, metNow) = reading is null ? (requests, met) : (reading.Requests, reading.Met);
            var before = metered;
            metered = reading is null ? metered : Math.Min(reading.Input, allocation.Quantity);
            counted = receipt is null ? counted : Math.Min(receipt.Input, allocation.Quantity);
            var tolerance = Math.Max(metered * 50 / 10_000, 10_000);
            var now = Math.Max(settled, counted is { } c && metered - c > tolerance ? c : metered);
            if (metered > before)
            {
                held.Add((metered - before, CreditPercent(requestsNow - requests, metNow - met)));
            }

            charged.Add(now - settled);
            credits.Add(Credit(Take(held, now - settled), allocation.PriceMicros));
            (settled, requests, met) = (now, requestsNow, metNow);
        }

        return new ExpectedDelivery(metered, counted, charged, credits, metered - settled, held);
    }

    /// <summary>Removes <paramref name="tokens"/> from the front of <paramref name="held"/> and returns them.</summary>
    public static List<(long Tokens, int Percent)> Take(List<(long Tokens, int Percent)> held, long tokens)
    {
        ArgumentNullException.ThrowIfNull(held);
        var taken = new List<(long, int)>();
        while (tokens > 0)
        {
            var (slice, percent) = held[0];
            var part = Math.Min(slice, tokens);
            taken.Add((part, percent));
            tokens -= part;
            if (part == slice)
            {
                held.RemoveAt(0);
            }
            else
            {
                held[0] = (slice - part, percent);
            }
        }

        return taken;
    }

    public static decimal Credit(IEnumerable<(long Tokens, int Percent)> slices, long priceMicros) =>
        slices.Sum(s => Down(Usd(s.Tokens, priceMicros) * s.Percent / 100m));

    public static decimal Usd(long tokens, long priceMicros) => tokens * (decimal)priceMicros / 1_000_000_000_000m;

    private static Count? Newest(IEnumerable<Count> counts, string allocationId, int end) =>
        counts.Where(c => c.AllocationId == allocationId && c.Second <= end).MaxBy(c => c.Sequence);

    private static int CreditPercent(long requests, long met) =>
        requests <= 0 ? 0 : (decimal)met / requests is var attainment && attainment < 0.90m ? 50 : attainment < 0.95m ? 25 : attainment < 0.99m ? 10 : 0;

    private static decimal Down(decimal amount) => decimal.Truncate(amount * 1_000_000_000_000m) / 1_000_000_000_000m;
}
