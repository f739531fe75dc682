using Exchange.Contracts.Clusters;

namespace Exchange.Silo.Api.Responses;

/// <summary>A GPU cluster with its health and, per delivery period and model, capacity, offered and allocated tokens.</summary>
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
    IReadOnlyList<PeriodCapacityResponse> Capacity)
{
    public static ClusterResponse From(ClusterView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var r = view.Registration;
        return new(r.ClusterId, r.ProviderId, r.Region, r.Accelerator, r.GpuCount, r.Tier,
            [.. r.Models.Select(m => new ModelThroughputResponse(m.Model, m.TokensPerSecond))], r.DataPolicies,
            view.Online ? "online" : "offline", view.LastHeartbeat,
            [.. view.Periods.Select(p => new PeriodCapacityResponse(p.PeriodStart, p.Model, p.Capacity, p.Offered, p.Allocated))]);
    }
}

/// <summary>Tokens per second the cluster produces of one model.</summary>
public sealed record ModelThroughputResponse(string Model, long TokensPerSecond);

/// <summary>One delivery period's tokens of one model: what the cluster can produce, what its open asks offer, what is allocated.</summary>
public sealed record PeriodCapacityResponse(DateTimeOffset PeriodStart, string Model, long Capacity, long Offered, long Allocated);
