using Exchange.Contracts.Clusters;
using Exchange.Contracts.Tenants;
using Exchange.Markets;

namespace Exchange.Grains.Markets;

/// <summary>Tells each touched order's tenant (and a sell's cluster) how it stood after a durable command; one-way, never a wait.</summary>
internal sealed class OrderWatchers(IGrainFactory grains)
{
    // Resolving a grain reference from a string key showed up at 5 % of the silo's CPU under load; a market talks to
    // the same few tenants and clusters over and over.
    private readonly Dictionary<string, ITenantGrain> _tenants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IClusterGrain> _clusters = new(StringComparer.Ordinal);

    /// <summary>Sends <paramref name="states"/>[i], the state of <paramref name="touched"/>[i], to whoever holds that order.</summary>
    public void Notify(IReadOnlyList<MarketOrder> touched, OrderState[] states)
    {
        for (var i = 0; i < touched.Count; i++)
        {
            var order = touched[i];
            Reference(_tenants, order.Request.TenantId).OrderUpdated(states[i]).Ignore();
            if (order.Request.Cluster is { } cluster)
            {
                Reference(_clusters, cluster.ClusterId).OrderUpdated(states[i]).Ignore();
            }
        }
    }

    private T Reference<T>(Dictionary<string, T> known, string key)
        where T : IGrainWithStringKey
    {
        if (!known.TryGetValue(key, out var grain))
        {
            grain = grains.GetGrain<T>(key);
            known[key] = grain;
        }

        return grain;
    }
}
