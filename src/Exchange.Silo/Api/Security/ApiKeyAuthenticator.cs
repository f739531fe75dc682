using System.Collections.Concurrent;
using Exchange.Storage.Access;
using Microsoft.Extensions.Options;

namespace Exchange.Silo.Api.Security;

/// <summary>Turns a presented key into a principal: the bootstrap operator key, or a stored, unrevoked key.</summary>
public sealed class ApiKeyAuthenticator(ApiKeyStore store, IOptions<ApiOptions> options, IConfiguration configuration, TimeProvider time)
{
    /// <summary>The tenant id the bootstrap operator key acts as.</summary>
    public const string OperatorTenantId = "operator";

    // Misses are remembered too (a null row), so a caller presenting made-up keys costs one lookup per key id and cache
    // period, not one per request. The cache is bounded: when full it starts again.
    private readonly ConcurrentDictionary<string, (ApiKeyRow? Row, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);
    private readonly byte[]? _bootstrapHash = BootstrapHash(configuration);

    /// <summary>The principal for this key, or null when the key is unknown, malformed or revoked.</summary>
    public async ValueTask<ApiPrincipal?> AuthenticateAsync(string key, CancellationToken cancellationToken)
    {
        // Hashed once, compared with the bootstrap key's hash and the stored key's.
        var hash = ApiKeys.Hash(key);
        if (_bootstrapHash is not null && ApiKeys.SameHash(hash, _bootstrapHash))
        {
            return new ApiPrincipal(OperatorTenantId, ApiRole.Operator, "bootstrap");
        }

        if (ApiKeys.IdOf(key) is not { } keyId)
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (!_cache.TryGetValue(keyId, out var cached) || cached.Until <= now)
        {
            var row = await store.FindAsync(keyId, cancellationToken).ConfigureAwait(false);
            cached = (row, now.AddSeconds(options.Value.KeyCacheSeconds));
            if (_cache.Count >= options.Value.MaxCachedKeys)
            {
                _cache.Clear();
            }

            _cache[keyId] = cached;
        }

        return cached.Row is { RevokedAt: null } stored && ApiKeys.SameHash(hash, stored.SecretHash) && Enum.TryParse<ApiRole>(stored.Role, true, out var role)
            ? new ApiPrincipal(stored.TenantId, role, keyId)
            : null;
    }

    /// <summary>How many key ids (known or not) this silo remembers now.</summary>
    internal int CachedKeys => _cache.Count;

    /// <summary>Forgets a key at once on this silo (other silos within the cache time).</summary>
    public void Forget(string keyId) => _cache.TryRemove(keyId, out _);

    // Configuration first (a command-line argument overrides everything, as usual), then the environment variable.
    private static byte[]? BootstrapHash(IConfiguration configuration)
    {
        var key = configuration["Exchange:BootstrapKey"];
        if (string.IsNullOrEmpty(key))
        {
            key = Environment.GetEnvironmentVariable("EXCHANGE_BOOTSTRAP_KEY");
        }

        return string.IsNullOrEmpty(key) ? null : ApiKeys.Hash(key);
    }
}
