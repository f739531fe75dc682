using Exchange.Contracts.Tenants;

namespace Exchange.Silo.Api.Responses;

/// <summary>A tenant with its quota and what it uses now.</summary>
public sealed record TenantResponse(string Id, string Kind, string Name, string Jurisdiction, QuotaResponse Quota, UsageResponse Usage)
{
    public static TenantResponse From(TenantView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new(view.Profile.Id, ApiFormat.TenantKind(view.Profile.Kind), view.Profile.Name, view.Profile.Jurisdiction,
            QuotaResponse.From(view.Quota), new UsageResponse(ApiFormat.Usd(view.Usage.Reserved), ApiFormat.Usd(view.Usage.Spent), view.Usage.OpenOrders));
    }
}

/// <summary>The limits on a tenant's orders.</summary>
public sealed record QuotaResponse(string CreditLimit, long MaxTokensPerPeriod, int MaxOpenOrders, int OrdersPerSecond, string Status)
{
    public static QuotaResponse From(TenantQuota quota)
    {
        ArgumentNullException.ThrowIfNull(quota);
        return new(ApiFormat.Usd(quota.CreditLimit), quota.MaxTokensPerPeriod, quota.MaxOpenOrders, quota.OrdersPerSecond, ApiFormat.TenantStatus(quota.Status));
    }
}

/// <summary>USD reserved by open buys, USD spent on fills, and how many orders are open.</summary>
public sealed record UsageResponse(string Reserved, string Spent, int OpenOrders);

/// <summary>A new API key: shown this once, stored only as a hash.</summary>
public sealed record CreatedKeyResponse(string Key, string KeyId, string TenantId, string Role, DateTimeOffset CreatedAt);

/// <summary>An API key as listed: never the key itself.</summary>
public sealed record KeyResponse(string KeyId, string TenantId, string Role, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
