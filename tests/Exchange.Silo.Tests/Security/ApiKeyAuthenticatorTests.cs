using Exchange.Silo.Api;
using Exchange.Silo.Api.Security;
using Exchange.Storage.Access;
using Exchange.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Exchange.Silo.Tests.Security;

public sealed class ApiKeyAuthenticatorTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync("keys");

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private (ApiKeyAuthenticator Authenticator, ApiKeyStore Store, Clock Clock) Build(int maxCachedKeys = 100_000)
    {
        var store = new ApiKeyStore(_database.DataSource);
        var clock = new Clock();
        var options = Options.Create(new ApiOptions { KeyCacheSeconds = 5, MaxCachedKeys = maxCachedKeys });
        return (new ApiKeyAuthenticator(store, options, new ConfigurationBuilder().Build(), clock), store, clock);
    }

    [Fact]
    public async Task An_unknown_key_is_remembered_as_unknown_for_the_cache_period_so_repeating_it_costs_no_lookup()
    {
        var (authenticator, store, clock) = Build();
        var (keyId, key) = ApiKeys.Generate();

        Assert.Null(await authenticator.AuthenticateAsync(key, CancellationToken.None));

        // Stored behind the cache's back: the remembered miss still answers, so the second call read nothing.
        await store.CreateAsync(keyId, "t-1", "buyer", ApiKeys.Hash(key), CancellationToken.None);
        Assert.Null(await authenticator.AuthenticateAsync(key, CancellationToken.None));

        clock.Now = clock.Now.AddSeconds(6);
        Assert.Equal("t-1", (await authenticator.AuthenticateAsync(key, CancellationToken.None))?.TenantId);
    }

    [Fact]
    public async Task The_cache_never_holds_more_key_ids_than_its_bound()
    {
        var (authenticator, _, _) = Build(maxCachedKeys: 50);

        for (var i = 0; i < 500; i++)
        {
            Assert.Null(await authenticator.AuthenticateAsync(ApiKeys.Generate().Key, CancellationToken.None));
            Assert.InRange(authenticator.CachedKeys, 1, 50);
        }
    }
}
