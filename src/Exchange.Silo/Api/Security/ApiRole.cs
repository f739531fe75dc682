namespace Exchange.Silo.Api.Security;

/// <summary>What a key may do; each key has exactly one role, its tenant's.</summary>
public enum ApiRole
{
    Operator,
    Provider,
    Buyer,
    Regulator,
}

/// <summary>Who is calling: the tenant a key belongs to and the key's role.</summary>
public sealed record ApiPrincipal(string TenantId, ApiRole Role, string KeyId);
