namespace Exchange.Silo.Tests.Settlement;

/// <summary>An allocation as the simulation knows it, read back from the exchange after the trading.</summary>
public sealed record SimulatedAllocation(string Id, string BuyerId, string ProviderId, string ClusterId, long Quantity, long PriceMicros);

/// <summary>One cumulative count (a provider's reading or a buyer's receipt): input tokens, with requests for the SLO.</summary>
public sealed record Count(string AllocationId, long Sequence, int Second, long Input, long Requests, long Met);

/// <summary>A moment of the period when counts are sent: each count with how often it is sent then (0 lost, 2 resent).</summary>
public sealed record Sending(int Second, IReadOnlyList<Count> Readings, IReadOnlyList<Count> Receipts);

/// <summary>
/// A seeded plan of what happens to a period's allocations while they are delivered: each delivers a random share of
/// its quantity in cumulative readings timed just before the moments they are sent; some readings are lost, some
/// resent, some held back to a later moment (so they arrive after a higher sequence), every batch is shuffled; a third
/// of the buyers send receipts, some agreeing with the meter, some within the tolerance, some far below it. The same
/// seed plans the same period; what was actually stored is what the model checks against, so a loss is harmless.
/// </summary>
public sealed class SettlementSimulation
{
    /// <summary>The moments (seconds into the one-minute period) counts are sent: well clear of the moments intervals are due (20, 40, 63).</summary>
    public static readonly int[] Moments = [8, 28, 48, 58];

    private readonly Random _random;

    public SettlementSimulation(int seed) => _random = new Random(seed);

    public IReadOnlyList<Sending> Plan(IReadOnlyList<SimulatedAllocation> allocations)
    {
        ArgumentNullException.ThrowIfNull(allocations);
        var readings = Moments.Select(_ => new List<Count>()).ToArray();
        var receipts = Moments.Select(_ => new List<Count>()).ToArray();
        foreach (var allocation in allocations)
        {
            var delivered = (long)(allocation.Quantity * (0.2 + (0.8 * _random.NextDouble())));
            var factor = (_random.Next(3), _random.Next(3)) switch
            {
                (0, 0) => 0.96, // within max(0.5 %, 10,000) of these small allocations
                (0, 1) => 0.6, // far below: a dispute
                (0, _) => 1.0,
                _ => (double?)null, // no receipts
            };
            long sequence = 0, input = 0, requests = 0, met = 0;
            for (var moment = 0; moment < Moments.Length; moment++)
            {
                sequence++;
                input = moment == Moments.Length - 1 ? delivered : Math.Min(delivered, input + (long)(delivered * _random.NextDouble() * 0.5));
                requests += _random.Next(1, 50);
                met = Math.Min(requests, met + _random.Next(0, 50));
                var second = Moments[moment] - _random.Next(0, 4);
                var reading = new Count(allocation.Id, sequence, second, input, requests, met);
                Send(readings, moment, reading);
                if (factor is { } f)
                {
                    Send(receipts, moment, reading with { Input = (long)(input * f), Requests = requests, Met = requests });
                }
            }
        }

        return [.. Moments.Select((second, i) => new Sending(second, Shuffle(readings[i]), Shuffle(receipts[i])))];
    }

    private void Send(List<Count>[] plan, int moment, Count count)
    {
        var fate = _random.Next(20);
        if (fate < 3)
        {
            return; // lost: the next cumulative count makes good for it
        }

        var at = fate < 5 && moment + 1 < plan.Length ? moment + 1 : moment; // held back: arrives after a higher sequence
        plan[at].Add(count);
        if (fate is 5 or 6 && at + 1 < plan.Length)
        {
            plan[at + 1].Add(count); // resent: a duplicate
        }
    }

    private List<Count> Shuffle(List<Count> counts)
    {
        var shuffled = counts.ToArray();
        _random.Shuffle(shuffled);
        return [.. shuffled];
    }
}
