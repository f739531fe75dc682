using Exchange.Matching;

namespace Exchange.Markets;

/// <summary>
/// Maps region names and data-policy names to the engine's indices and bits, by their order in the lists given. A
/// market numbers them by the lists pinned in its <see cref="MarketRules"/>, so configuration may reorder them later.
/// </summary>
public sealed class AttributeCatalog
{
    /// <summary>Data policies are bits of a 16-bit mask.</summary>
    public const int MaxDataPolicies = 16;

    private readonly Dictionary<string, byte> _regions;
    private readonly Dictionary<string, int> _policies;

    public AttributeCatalog(IEnumerable<string> regions, IEnumerable<string> dataPolicies)
    {
        Regions = [.. regions];
        DataPolicies = [.. dataPolicies];
        if (Regions.Count > ClusterAttributes.MaxRegions || DataPolicies.Count > MaxDataPolicies)
        {
            throw new ArgumentException($"At most {ClusterAttributes.MaxRegions} regions and {MaxDataPolicies} data policies.");
        }

        _regions = Regions.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => (byte)x.i, StringComparer.Ordinal);
        _policies = DataPolicies.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i, StringComparer.Ordinal);
    }

    /// <summary>Region names, each at its index.</summary>
    public IReadOnlyList<string> Regions { get; }

    /// <summary>Data-policy names, each at its bit.</summary>
    public IReadOnlyList<string> DataPolicies { get; }

    public bool TryRegion(string region, out byte index) => _regions.TryGetValue(region, out index);

    /// <summary>The bitmask of the given policies; false when one is unknown.</summary>
    public bool TryPolicies(IReadOnlyList<string> policies, out ushort mask)
    {
        mask = 0;
        foreach (var policy in policies)
        {
            if (!_policies.TryGetValue(policy, out var bit))
            {
                return false;
            }

            mask |= (ushort)(1 << bit);
        }

        return true;
    }

    /// <summary>The bitmask of the given regions (0 = any); false when one is unknown.</summary>
    public bool TryRegions(IReadOnlyList<string> regions, out uint mask)
    {
        mask = 0;
        foreach (var region in regions)
        {
            if (!_regions.TryGetValue(region, out var index))
            {
                return false;
            }

            mask |= 1u << index;
        }

        return true;
    }
}
