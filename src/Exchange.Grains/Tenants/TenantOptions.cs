namespace Exchange.Grains.Tenants;

/// <summary>Quota defaults for new tenants and the jurisdiction policy (section <c>Tenants</c>).</summary>
public sealed class TenantOptions
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
}
