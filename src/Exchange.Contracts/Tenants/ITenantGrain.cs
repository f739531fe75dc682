using Exchange.Contracts.Markets;
using Exchange.Markets;
using Orleans.Concurrency;

namespace Exchange.Contracts.Tenants;

/// <summary>
/// One tenant's quota and pre-trade risk: every order of the tenant enters the exchange here, where
/// status, jurisdiction, rate, open orders, credit and token caps are checked and reserved before the
/// order reaches its market. Keyed by tenant id.
/// </summary>
public interface ITenantGrain : IGrainWithStringKey
{
    /// <summary>Creates the tenant with the default quota; repeating the same profile returns it (not created), a different one is refused (no value).</summary>
    Task<Creation<TenantView>> Create(TenantProfile profile);

    /// <summary>The tenant with quota and usage, or null when it does not exist.</summary>
    Task<TenantView?> Get();

    /// <summary>Replaces the quota; null when the tenant does not exist.</summary>
    Task<TenantView?> SetQuota(TenantQuota quota);

    /// <summary>Reads the tenant's net deposits from the ledger again (after an operator moved money); null when the tenant does not exist.</summary>
    Task<TenantView?> RefreshDeposits();

    /// <summary>Records a cluster the provider registered (idempotent); false when the tenant does not exist.</summary>
    Task<bool> AddCluster(string clusterId);

    /// <summary>The ids of the clusters the provider registered, in registration order.</summary>
    Task<IReadOnlyList<string>> GetClusters();

    /// <summary>Checks and reserves, then places the order in its market; the answer comes once the order is durable.</summary>
    Task<PlaceOrderResult> PlaceOrder(string marketId, OrderRequest request);

    /// <summary>A market tells the tenant how one of its orders now stands (after fills, cancels, expiry).</summary>
    [OneWay]
    Task OrderUpdated(OrderState order);
}
