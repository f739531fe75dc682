using Exchange.Markets;
using Exchange.Markets.Clusters;

namespace Exchange.Contracts.Clusters;

/// <summary>A GPU cluster as its provider registers it.</summary>
[GenerateSerializer, Immutable]
public sealed record class ClusterRegistration(
    [property: Id(0)] string ClusterId,
    [property: Id(1)] string ProviderId,
    [property: Id(2)] string Region,
    [property: Id(3)] string Accelerator,
    [property: Id(4)] int GpuCount,
    [property: Id(5)] int Tier,
    [property: Id(6)] IReadOnlyList<ModelThroughput> Models,
    [property: Id(7)] IReadOnlyList<string> DataPolicies)
{
    /// <summary>Whether <paramref name="other"/> registers the same cluster in every detail (its lists compared item by item).</summary>
    public bool SaysTheSameAs(ClusterRegistration other) =>
        other is not null && ClusterId == other.ClusterId && ProviderId == other.ProviderId && Region == other.Region && Accelerator == other.Accelerator
        && GpuCount == other.GpuCount && Tier == other.Tier && DataPolicies.SequenceEqual(other.DataPolicies)
        && Models.Select(m => (m.Model, m.TokensPerSecond)).SequenceEqual(other.Models.Select(m => (m.Model, m.TokensPerSecond)));
}

/// <summary>How many tokens per second the cluster produces of one model.</summary>
[GenerateSerializer, Immutable]
public sealed record class ModelThroughput(
    [property: Id(0)] string Model,
    [property: Id(1)] long TokensPerSecond);

/// <summary>One delivery period's use of a cluster for one model, in tokens of that model.</summary>
[GenerateSerializer, Immutable]
public sealed record class PeriodCapacity(
    [property: Id(0)] DateTimeOffset PeriodStart,
    [property: Id(1)] string Model,
    [property: Id(2)] long Capacity,
    [property: Id(3)] long Offered,
    [property: Id(4)] long Allocated);

/// <summary>
/// A cluster with its health and the periods in which it has offers or allocations; <see cref="Health"/>: its newest
/// status changes, newest first.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record class ClusterView(
    [property: Id(0)] ClusterRegistration Registration,
    [property: Id(1)] ClusterStatus Status,
    [property: Id(2)] DateTimeOffset? LastHeartbeat,
    [property: Id(3)] IReadOnlyList<PeriodCapacity> Periods,
    [property: Id(4)] DateTimeOffset? StatusSince,
    [property: Id(5)] IReadOnlyList<ClusterHealthChange> Health);

/// <summary>One journaled change of a cluster's status.</summary>
[GenerateSerializer, Immutable]
public sealed record class ClusterHealthChange(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] ClusterStatus Status,
    [property: Id(2)] HealthCause Cause,
    [property: Id(3)] string? Reason,
    [property: Id(4)] string? DeclaredBy);

/// <summary>The outcome of asking a cluster for capacity: the attributes to sell under, or a stable rejection reason.</summary>
[GenerateSerializer, Immutable]
public sealed record class CapacityReservation(
    [property: Id(0)] SellerCluster? Seller,
    [property: Id(1)] RejectCode? RejectReason);
