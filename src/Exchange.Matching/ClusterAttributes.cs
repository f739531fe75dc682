namespace Exchange.Matching;

/// <summary>The selling GPU cluster's attributes that an ask carries and bids filter on.</summary>
/// <param name="ClusterId">The cluster the capacity comes from; reported in fills, used by <c>CancelCluster</c>.</param>
/// <param name="Region">Region index, 0 to 31 (the grain maps region names to indices).</param>
/// <param name="Tier">Cluster tier, 0 (unrated) to 3.</param>
/// <param name="Policies">Bitmask of the data-handling policies the cluster honours.</param>
public readonly record struct ClusterAttributes(long ClusterId, byte Region, byte Tier, ushort Policies)
{
    /// <summary>Region indices run from 0 to this value minus one, so a region set fits a <see cref="uint"/>.</summary>
    public const int MaxRegions = 32;

    /// <summary>The highest tier.</summary>
    public const byte MaxTier = 3;

    internal bool IsValid => Region < MaxRegions && Tier <= MaxTier;

    /// <summary>The attribute set without the cluster id: asks with equal keys are interchangeable for every bid.</summary>
    internal ulong Key => AttributeKeys.ForAsk(Region, Tier, Policies);
}
