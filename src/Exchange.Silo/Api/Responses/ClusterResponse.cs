using Exchange.Contracts.Clusters;
using Exchange.Markets.Clusters;

namespace Exchange.Silo.Api.Responses;

/// <summary>
/// A GPU cluster with its health and, per delivery period and model, capacity, offered and allocated tokens;
/// <see cref="Health"/>: its newest status changes, newest first (at most 20).
/// </summary>
public sealed record ClusterResponse(
    string ClusterId,
    string ProviderId,
    string Region,
    string Accelerator,
    int GpuCount,
    int Tier,
    IReadOnlyList<ModelThroughputResponse> Models,
    IReadOnlyList<string> DataPolicies,
    string Status,
    DateTimeOffset? LastHeartbeat,
    IReadOnlyList<PeriodCapacityResponse> Capacity,
    DateTimeOffset? StatusSince,
    IReadOnlyList<HealthChangeResponse> Health)
{
    public static ClusterResponse From(ClusterView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var r = view.Registration;
        return new(r.ClusterId, r.ProviderId, r.Region, r.Accelerator, r.GpuCount, r.Tier,
            [.. r.Models.Select(m => new ModelThroughputResponse(m.Model, m.TokensPerSecond))], r.DataPolicies,
            view.Status.WireName(), view.LastHeartbeat,
            [.. view.Periods.Select(p => new PeriodCapacityResponse(p.PeriodStart, p.Model, p.Capacity, p.Offered, p.Allocated))],
            view.StatusSince, [.. view.Health.Select(h => new HealthChangeResponse(h.At, h.Status.WireName(), h.Cause.WireName(), h.Reason, h.DeclaredBy))]);
    }
}

/// <summary>Tokens per second the cluster produces of one model.</summary>
public sealed record ModelThroughputResponse(string Model, long TokensPerSecond);

/// <summary>One delivery period's tokens of one model: what the cluster can produce, what its open asks offer, what is allocated.</summary>
public sealed record PeriodCapacityResponse(DateTimeOffset PeriodStart, string Model, long Capacity, long Offered, long Allocated);

/// <summary>
/// One change of a cluster's status: <c>cause</c> is silent (no heartbeat or reading for the configured wait), heartbeat,
/// reading or declared (by <c>declaredBy</c>, its provider or an operator).
/// </summary>
public sealed record HealthChangeResponse(DateTimeOffset At, string Status, string Cause, string? Reason, string? DeclaredBy);
