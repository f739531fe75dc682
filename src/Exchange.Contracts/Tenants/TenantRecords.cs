namespace Exchange.Contracts.Tenants;

/// <summary>What a tenant is on the exchange; one role per tenant.</summary>
public enum TenantKind
{
    Provider = 0,
    Buyer = 1,
    Regulator = 2,
    Operator = 3,
}

/// <summary>Whether a tenant may trade.</summary>
public enum TenantStatus
{
    Active = 0,
    Suspended = 1,
}

/// <summary>Who a tenant is: its id, role, name and jurisdiction (ISO 3166-1 alpha-2).</summary>
[GenerateSerializer, Immutable]
public sealed record class TenantProfile(
    [property: Id(0)] string Id,
    [property: Id(1)] TenantKind Kind,
    [property: Id(2)] string Name,
    [property: Id(3)] string Jurisdiction);

/// <summary>The limits that bind a tenant's orders: credit and token caps bind buys; open orders and rate bind both sides.</summary>
[GenerateSerializer, Immutable]
public sealed record class TenantQuota(
    [property: Id(0)] decimal CreditLimit,
    [property: Id(1)] long MaxTokensPerPeriod,
    [property: Id(2)] int MaxOpenOrders,
    [property: Id(3)] int OrdersPerSecond,
    [property: Id(4)] TenantStatus Status);

/// <summary>
/// What a tenant uses now: notional reserved by open buys, notional spent on fills, open orders; and what operators
/// deposited for it less what they paid out, which a buyer may spend beyond its credit limit.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record class TenantUsage(
    [property: Id(0)] decimal Reserved,
    [property: Id(1)] decimal Spent,
    [property: Id(2)] int OpenOrders,
    [property: Id(3)] decimal Deposited = 0m)
{
    /// <summary>What a buyer may still commit: its credit limit and net deposits, less what open buys reserve and fills spent.</summary>
    public decimal Available(TenantQuota quota)
    {
        ArgumentNullException.ThrowIfNull(quota);
        return quota.CreditLimit + Deposited - Reserved - Spent;
    }
}

/// <summary>A tenant with its quota and current usage.</summary>
[GenerateSerializer, Immutable]
public sealed record class TenantView(
    [property: Id(0)] TenantProfile Profile,
    [property: Id(1)] TenantQuota Quota,
    [property: Id(2)] TenantUsage Usage);
