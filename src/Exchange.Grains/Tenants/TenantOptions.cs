namespace Exchange.Grains.Tenants;

/// <summary>Quota defaults for new tenants and the jurisdiction policy (section <c>Tenants</c>).</summary>
public sealed class TenantOptions : IValidatedOptions
{
    public const string SectionName = "Tenants";

    /// <summary>USD of open buy orders plus fills a new tenant may carry.</summary>
    public decimal DefaultCreditLimit { get; set; } = 10_000m;

    public long DefaultMaxTokensPerPeriod { get; set; } = 10_000_000_000;

    public int DefaultMaxOpenOrders { get; set; } = 1_000;

    public int DefaultOrdersPerSecond { get; set; } = 100;

    /// <summary>Buyer jurisdictions (ISO 3166-1 alpha-2) whose orders are refused at entry.</summary>
    public List<string> BlockedJurisdictions { get; set; } = [];

    /// <summary>How often a tenant asks its markets and the order store for its orders again, healing any update a crash lost.</summary>
    public int ReconcileSeconds { get; set; } = 60;

    /// <summary>
    /// How long an order whose placement got no answer keeps its reservation (a buy's credit, its place among the open
    /// orders) while no state of it arrives, before it is taken for an order that never came to exist. Longer than any
    /// placement can take (two grain calls of at most 30 s each).
    /// </summary>
    public int ReservationLeaseSeconds { get; set; } = 120;

    /// <summary>
    /// How long a tenant's client order id stays taken across markets: one used within this window for another market is
    /// refused (409), an older one may be used again. Within one market an id stays taken for the market's whole life.
    /// </summary>
    public int ClientOrderIdRetentionHours { get; set; } = 168;

    /// <summary>Every problem with these options, each naming its setting; empty when usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        // The same ranges as PUT /v1/tenants/{id}/quota accepts.
        if (DefaultCreditLimit < 0 || DefaultCreditLimit > 1_000_000_000_000m || decimal.Round(DefaultCreditLimit, 6) != DefaultCreditLimit)
        {
            problems.Add("Tenants:DefaultCreditLimit must be from 0 to 1,000,000,000,000 USD with at most 6 decimals.");
        }

        if (DefaultMaxTokensPerPeriod < 0)
        {
            problems.Add("Tenants:DefaultMaxTokensPerPeriod must not be negative.");
        }

        if (DefaultMaxOpenOrders is < 0 or > 1_000_000)
        {
            problems.Add("Tenants:DefaultMaxOpenOrders must be from 0 to 1,000,000.");
        }

        if (DefaultOrdersPerSecond is < 1 or > 1_000_000)
        {
            problems.Add("Tenants:DefaultOrdersPerSecond must be from 1 to 1,000,000.");
        }

        if (BlockedJurisdictions.FirstOrDefault(j => j is not { Length: 2 } || !char.IsAsciiLetterUpper(j[0]) || !char.IsAsciiLetterUpper(j[1])) is { } bad)
        {
            problems.Add($"Tenants:BlockedJurisdictions holds '{bad}', which is not an ISO 3166-1 alpha-2 code.");
        }

        if (ReconcileSeconds < 1 || ReservationLeaseSeconds < 1 || ClientOrderIdRetentionHours < 1)
        {
            problems.Add("Tenants:ReconcileSeconds, Tenants:ReservationLeaseSeconds and Tenants:ClientOrderIdRetentionHours must be at least 1.");
        }

        return problems;
    }
}
