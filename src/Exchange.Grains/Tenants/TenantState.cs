using Exchange.Contracts.Tenants;

namespace Exchange.Grains.Tenants;

/// <summary>What a tenant grain persists: who it is and its quota. Reservations are rebuilt from markets and the order store.</summary>
[GenerateSerializer]
public sealed class TenantState
{
    [Id(0)]
    public TenantProfile? Profile { get; set; }

    [Id(1)]
    public TenantQuota? Quota { get; set; }

    /// <summary>The GPU clusters a provider registered, in registration order.</summary>
    [Id(2)]
    public List<string> Clusters { get; set; } = [];
}
