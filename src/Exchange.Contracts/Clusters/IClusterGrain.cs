using Exchange.Contracts.Markets;
using Exchange.Markets;
using Orleans.Concurrency;

namespace Exchange.Contracts.Clusters;

/// <summary>
/// One GPU cluster: its registration, health and capacity per delivery period. A sell order reserves
/// capacity here before it reaches a market; the cluster never has more offered plus allocated than it
/// can produce. Keyed by cluster id.
/// </summary>
public interface IClusterGrain : IGrainWithStringKey
{
    /// <summary>Registers the cluster (online from now); repeating the same registration returns it (not created), a different one is refused (no value).</summary>
    Task<Creation<ClusterView>> Register(ClusterRegistration registration);

    /// <summary>The cluster, or null when none is registered under this id.</summary>
    Task<ClusterView?> Get();

    /// <summary>
    /// A heartbeat from the provider: a healthy one brings a suspect or offline cluster back online, an unhealthy one takes
    /// it offline and withdraws its asks. A failed cluster takes none and answers as it stands.
    /// </summary>
    Task<ClusterView?> Heartbeat(bool healthy);

    /// <summary>
    /// Declares the cluster failed (by its provider or an operator, <paramref name="declaredBy"/>): its asks are withdrawn
    /// and its meter fenced at its last accepted reading. A cluster failed already answers as it stands.
    /// </summary>
    Task<ClusterView?> Fail(string declaredBy, string reason);

    /// <summary>Reserves capacity for a sell order of <paramref name="providerId"/>; the reservation lives until the order's state says otherwise.</summary>
    Task<CapacityReservation> Reserve(string providerId, string marketId, string clientOrderId, long quantity);

    /// <summary>Drops a reservation whose order never came to exist (rejected by the market).</summary>
    Task Release(string providerId, string clientOrderId);

    /// <summary>A market tells the cluster how one of its sell orders now stands.</summary>
    [OneWay]
    Task OrderUpdated(OrderState order);
}
