namespace Exchange.Storage.Journal;

/// <summary>A cluster and the epoch of the cluster grain activation that reserved a sell's capacity in it.</summary>
public readonly record struct ClusterEpoch(string ClusterId, long Epoch);
