namespace Exchange.Matching;

/// <summary>One aggregated price level of the public market-data view.</summary>
public readonly record struct DepthLevel(long Price, long Quantity, int OrderCount);
