using Exchange.ApiClient.Generated;
using Exchange.ApiClient.Generated.Models;
using Microsoft.Kiota.Abstractions;

namespace Exchange.Demo;

/// <summary>The operator's calls the demo makes to set itself up, and how it names a refusal.</summary>
public static class DemoTenants
{
    /// <summary>Creates a tenant (or finds it unchanged) and sets its quota when one is given.</summary>
    public static async Task CreateAsync(ExchangeClient operatorApi, string id, string kind, string name, string jurisdiction, QuotaRequest? quota)
    {
        ArgumentNullException.ThrowIfNull(operatorApi);
        await operatorApi.V1.Tenants.PostAsync(new CreateTenantRequest { Id = id, Kind = kind, Name = name, Jurisdiction = jurisdiction });
        if (quota is not null)
        {
            await operatorApi.V1.Tenants[id].Quota.PutAsync(quota);
        }
    }

    /// <summary>A new key of the tenant (shown once by the exchange).</summary>
    public static async Task<string> NewKeyAsync(ExchangeClient operatorApi, string tenantId)
    {
        ArgumentNullException.ThrowIfNull(operatorApi);
        return (await operatorApi.V1.Tenants[tenantId].Keys.PostAsync())!.Key!;
    }

    /// <summary>The open markets of a model, soonest first.</summary>
    public static async Task<IReadOnlyList<string>> OpenMarketsAsync(ExchangeClient api, string model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        var page = await api.V1.Markets.GetAsync(request =>
        {
            request.QueryParameters.Model = model;
            request.QueryParameters.Status = "open";
            request.QueryParameters.Limit = 1000;
        }, cancellationToken);
        return [.. (page?.Items ?? []).Select(m => m.MarketId!)];
    }

    /// <summary>The reason code a refusal's problem type ends in (credit-limit-exceeded, ...), or its status.</summary>
    public static string Reason(ApiException refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        var type = refusal switch
        {
            Problem problem => problem.Type,
            ValidationProblem invalid => invalid.Type,
            _ => null,
        };
        return type is null ? refusal.ResponseStatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : type[(type.LastIndexOf('/') + 1)..];
    }
}
