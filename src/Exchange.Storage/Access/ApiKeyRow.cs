namespace Exchange.Storage.Access;

/// <summary>A stored API key: whose it is, its role and the hash of its secret; never the secret itself.</summary>
public sealed record ApiKeyRow(
    string KeyId,
    string TenantId,
    string Role,
    byte[] SecretHash,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt);
