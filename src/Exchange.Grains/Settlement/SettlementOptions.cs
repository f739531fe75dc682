using Exchange.Markets.Settlement;

namespace Exchange.Grains.Settlement;

/// <summary>Delivery and settlement settings (silo-config/silo.json, section Settlement).</summary>
public sealed class SettlementOptions : IValidatedOptions
{
    public const string SectionName = "Settlement";

    /// <summary>How long after its period an allocation still takes readings, before it closes.</summary>
    public int GraceSeconds { get; set; } = 900;

    /// <summary>How long each settlement interval of a delivery period is.</summary>
    public int IntervalSeconds { get; set; } = 300;

    /// <summary>The exchange's fee on every interval's charge, in basis points.</summary>
    public int FeeBps { get; set; } = 50;

    /// <summary>How often each silo looks for settlement work (runs take turns under the ledger's lock).</summary>
    public int RunMilliseconds { get; set; } = 1000;

    /// <summary>At most this many interval steps in one run's transaction; more due waits for the next run, right after.</summary>
    public int MaxStepsPerRun { get; set; } = 10_000;

    /// <summary>How long a dispute open at close waits for an operator before its money goes back to the buyer.</summary>
    public int DisputeSeconds { get; set; } = DisputeTerms.Default.DisputeSeconds;

    public TimeSpan Grace => TimeSpan.FromSeconds(GraceSeconds);

    public SettlementTerms Terms => SettlementTerms.Default with
    {
        FeeBps = FeeBps, Disputes = DisputeTerms.Default with { DisputeSeconds = DisputeSeconds },
    };

    public DeliverySchedule Schedule => new(IntervalSeconds, GraceSeconds);

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!Schedule.IsValid)
        {
            problems.Add("Settlement:IntervalSeconds must be 1 to 86400 and Settlement:GraceSeconds 0 to 604800 (a week).");
        }

        if (!Terms.IsValid)
        {
            problems.Add("Settlement:FeeBps must be 0 or more, and with the largest SLO credit (50 %) at most 10,000 basis points: 0 to 5000; "
                + "Settlement:DisputeSeconds 0 to 31622400 (366 days).");
        }

        if (RunMilliseconds is < 10 or > 600_000 || MaxStepsPerRun is < 1 or > 100_000)
        {
            problems.Add("Settlement:RunMilliseconds must be 10 to 600000 and Settlement:MaxStepsPerRun 1 to 100000.");
        }

        return problems;
    }
}
