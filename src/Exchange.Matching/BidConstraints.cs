namespace Exchange.Matching;

/// <summary>The constraints a bid places on the clusters it will buy from.</summary>
/// <param name="AllowedRegions">Bitmask of region indices the bid accepts; 0 accepts every region.</param>
/// <param name="MinTier">Lowest acceptable cluster tier, 0 to 3 (0 accepts any).</param>
/// <param name="RequiredPolicies">Every policy bit set here must be honoured by the cluster.</param>
public readonly record struct BidConstraints(uint AllowedRegions, byte MinTier, ushort RequiredPolicies)
{
    /// <summary>No constraints: the bid buys from any cluster.</summary>
    public static BidConstraints None => default;

    internal bool IsValid => MinTier <= ClusterAttributes.MaxTier;

    internal ulong Key => AttributeKeys.ForBid(AllowedRegions, MinTier, RequiredPolicies);

    /// <summary>Whether a cluster with these attributes satisfies the constraints.</summary>
    public bool Accepts(in ClusterAttributes cluster) => AttributeKeys.Compatible(cluster.Key, Key);
}
